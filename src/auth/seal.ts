// Values kept encrypted at rest (TOTP secrets): AES-256-GCM with a random 96-bit IV per value and
// the owner's id as associated data, so a sealed value copied into another row does not open.
// Stored as `v1:<iv>.<ciphertext>.<tag>` (base64url); the version names the scheme for later ones.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function seal(key: Buffer, plaintext: string, owner: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(owner, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** Throws when the value is not sealed, was sealed for another owner or key, or was altered. */
export function unseal(key: Buffer, sealed: string, owner: string): string {
  const [iv, body, tag] = isSealed(sealed) ? sealed.slice(PREFIX.length).split('.') : [];
  if (iv === undefined || body === undefined || tag === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(owner, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
