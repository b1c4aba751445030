// Login throttling with backoff: after `free` failures on a key, each further attempt must wait
// base * 2^(extra failures) ms, capped. Attempts still being checked count as failures until
// they settle, so guesses sent all at once cannot each pass the check before any has failed.
// Kept in memory only: the per-IP keys are HMACs of the address and are never written to disk.
export interface ThrottleRule {
  free: number;
  baseMs: number;
  maxMs: number;
}

/** Per address: generous, since offices share one. Per (account, address): strict, since it is targeted. */
export const IP_RULE: ThrottleRule = { free: 20, baseMs: 1_000, maxMs: 15 * 60_000 };
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 };
/**
 * Per account from every address: a ceiling for guessing spread over many addresses, high enough
 * that failures from elsewhere do not lock the owner out in passing.
 */
export const ACCOUNT_TOTAL_RULE: ThrottleRule = { free: 100, baseMs: 1_000, maxMs: 15 * 60_000 };
const FORGET_MS = 24 * 3_600_000;
const MAX_KEYS = 100_000;

interface Entry {
  failures: number;
  /** Attempts begun and not yet settled. */
  pending: number;
  lastMs: number;
}

export class Throttle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly rule: ThrottleRule) {}

  /** Milliseconds to wait before `key` may try again; 0 when it may now. */
  waitMs(key: string, now: number): number {
    const entry = this.live(key, now);
    const counted = entry ? entry.failures + entry.pending : 0;
    if (!entry || counted < this.rule.free) return 0;
    const delay = Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** (counted - this.rule.free));
    return Math.max(0, entry.lastMs + delay - now);
  }

  /** An attempt starts: it counts as a failure until end(). */
  begin(key: string, now: number): void {
    this.touch(key, now).pending += 1;
  }

  /** The attempt begun on `key` is over: a failure, a success that forgets the failures, or neither. */
  end(key: string, now: number, outcome: 'failed' | 'passed' | 'released'): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.pending = Math.max(0, entry.pending - 1);
    if (outcome === 'failed') {
      entry.failures += 1;
      entry.lastMs = now;
    }
    if (outcome === 'passed') this.succeed(key);
    else if (entry.failures === 0 && entry.pending === 0) this.entries.delete(key);
  }

  /** A failure with no attempt begun (a wrong setup token). */
  fail(key: string, now: number): void {
    this.touch(key, now).failures += 1;
  }

  /** Forgets the failures of `key` (attempts still in flight go on counting). */
  succeed(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.failures = 0;
    if (entry.pending === 0) this.entries.delete(key);
  }

  /** The entry of `key`, unless a day has passed since its last attempt (then it is forgotten). */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.pending === 0 && now - entry.lastMs > FORGET_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private touch(key: string, now: number): Entry {
    const entry = this.live(key, now) ?? { failures: 0, pending: 0, lastMs: now };
    entry.lastMs = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Oldest first: a flood of new addresses cannot grow memory without bound.
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
