// Login throttling with backoff: after `free` failures on a key, each further attempt must wait
// base * 2^(extra failures) ms, capped. Kept in memory only: the per-IP keys are HMACs of the
// address and are never written to disk.
export interface ThrottleRule {
  free: number;
  baseMs: number;
  maxMs: number;
}

/** Per address: generous, since offices share one. Per account: strict, since it is targeted. */
export const IP_RULE: ThrottleRule = { free: 20, baseMs: 1_000, maxMs: 15 * 60_000 };
export const ACCOUNT_RULE: ThrottleRule = { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 };
const FORGET_MS = 24 * 3_600_000;
const MAX_KEYS = 100_000;

interface Entry {
  failures: number;
  lastMs: number;
}

export class Throttle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly rule: ThrottleRule) {}

  /** Milliseconds to wait before `key` may try again; 0 when it may now. */
  waitMs(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry || entry.failures < this.rule.free) return 0;
    if (now - entry.lastMs > FORGET_MS) {
      this.entries.delete(key);
      return 0;
    }
    const delay = Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** (entry.failures - this.rule.free));
    return Math.max(0, entry.lastMs + delay - now);
  }

  fail(key: string, now: number): void {
    const entry = this.entries.get(key) ?? { failures: 0, lastMs: now };
    entry.failures += 1;
    entry.lastMs = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Oldest first: a flood of new addresses cannot grow memory without bound.
    if (this.entries.size > MAX_KEYS) this.entries.delete(this.entries.keys().next().value!);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }
}
