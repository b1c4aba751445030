// The server's secret: 32 random bytes generated into the data dir on first start (mode 0600),
// never hard-coded. It keys the HMACs of session ids, share grants and throttle keys, and the
// encryption of TOTP secrets at rest.
import fs from 'node:fs';
import path from 'node:path';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const SECRET_FILE = 'session.secret';

export function loadOrCreateSecret(dataDir: string, random: (size: number) => Buffer = randomBytes): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = random(32);
  // 'wx': two processes starting at once cannot both write; the loser reads the winner's file.
  try {
    fs.writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir, random);
    throw error;
  }
  return secret;
}

/** A keyed digest, hex: what the store keeps instead of a session id, and what grants carry. */
export function hmac(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** A 32-byte key of its own for each other use of the secret (HKDF-SHA256), so no two uses share a key. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `inkling:${purpose}`, 32));
}
