// Token buckets for stats readers, dependency-free (auth and the reader limits of the routes share one).

/**
 * Stats requests per reader (an API key, a share link, a public site's reader address): token
 * buckets per id, `rate` tokens per minute, bursting up to `rate`.
 */
export class ReaderRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** `maxKeys`: buckets kept, least recently used dropped first (a dropped bucket starts full again). */
  constructor(private readonly maxKeys = Number.POSITIVE_INFINITY) {}

  /** Takes one token; when none is left, returns the whole seconds until one is. */
  take(id: string, ratePerMinute: number, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const perMs = ratePerMinute / 60_000;
    const bucket = this.buckets.get(id) ?? { tokens: ratePerMinute, at: now };
    bucket.tokens = Math.min(ratePerMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    // Re-inserted so the map stays in least-recently-used order; keyed by address, it must not
    // grow with every address that ever asked.
    this.buckets.delete(id);
    this.buckets.set(id, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
