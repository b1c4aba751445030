// The one-time setup token: made at start when no user exists, printed as a URL, and good for
// creating exactly one owner. Only its hash is kept, in memory.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export class SetupGate {
  private hash: Buffer | null;

  private constructor(token: string | null) {
    this.hash = token === null ? null : digest(token);
  }

  /** A gate with a fresh token (returned once), or a closed gate when setup is not needed. */
  static open(): { gate: SetupGate; token: string } {
    const token = randomBytes(24).toString('base64url');
    return { gate: new SetupGate(token), token };
  }

  static closed(): SetupGate {
    return new SetupGate(null);
  }

  /** True once for the right token; the gate closes at the first success. */
  consume(token: unknown): boolean {
    if (this.hash === null || typeof token !== 'string' || token.length > 200) return false;
    if (!timingSafeEqual(this.hash, digest(token))) return false;
    this.hash = null;
    return true;
  }

  close(): void {
    this.hash = null;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
