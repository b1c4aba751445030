// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) with base32 secrets,
// as every authenticator app reads them; otpauth does the codes, base32 and the otpauth:// URI.
import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;
const STEP_MS = PERIOD_S * 1000;
const DIGITS = 6;

/** The raw bytes of a base32 secret (the tests compute an authenticator app's codes from them). */
export function base32Decode(text: string): Buffer {
  return Buffer.from(Secret.fromBase32(text).bytes);
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The code for the step containing `ms`. `digits` is 6 except in the RFC's 8-digit vectors. */
export function totpCode(secret: Buffer, ms: number, digits = DIGITS): string {
  // A copy: a small Buffer is a view into a shared pool, and Secret takes a whole ArrayBuffer.
  return TOTP.generate({ secret: new Secret({ buffer: new Uint8Array(secret).buffer }), timestamp: ms, digits, period: PERIOD_S });
}

/**
 * The 30 s step whose code `code` is, or null. Accepts the current step and one either side
 * (clock drift between phone and server); the caller makes each step good only once.
 */
export function totpStep(secretBase32: string, code: unknown, now: number): number | null {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) return null;
  const delta = TOTP.validate({ token: code.trim(), secret: Secret.fromBase32(secretBase32), timestamp: now, period: PERIOD_S, digits: DIGITS, window: 1 });
  return delta === null ? null : Math.floor(now / STEP_MS) + delta;
}

export function otpauthUri(secretBase32: string, account: string): string {
  return new TOTP({ issuer: 'Inkling', label: account, secret: Secret.fromBase32(secretBase32), digits: DIGITS, period: PERIOD_S }).toString();
}
