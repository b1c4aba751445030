// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) with base32 secrets,
// as every authenticator app reads them.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_MS = 30_000;
const DIGITS = 6;

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index === -1) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The code for the step containing `ms`. `digits` is 6 except in the RFC's 8-digit vectors. */
export function totpCode(secret: Buffer, ms: number, digits = DIGITS): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / STEP_MS)));
  const digest = createHmac('sha1', secret).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * The 30 s step whose code `code` is, or null. Accepts the current step and one either side
 * (clock drift between phone and server); the caller makes each step good only once.
 */
export function totpStep(secretBase32: string, code: unknown, now: number): number | null {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) return null;
  const secret = base32Decode(secretBase32);
  const given = Buffer.from(code.trim());
  const current = Math.floor(now / STEP_MS);
  return [current - 1, current, current + 1].find((step) => timingSafeEqual(Buffer.from(totpCode(secret, step * STEP_MS)), given)) ?? null;
}

export function otpauthUri(secretBase32: string, account: string): string {
  return `otpauth://totp/${encodeURIComponent(`Inkling:${account}`)}?secret=${secretBase32}&issuer=Inkling&algorithm=SHA1&digits=${DIGITS}&period=30`;
}
