// Per-visitor rate limit: a token bucket per hash of (IP, user agent), in a bounded LRU.
import { Lru } from './lru.ts';

export interface RateLimit {
  /** Hits allowed in a burst, refilled evenly over `perMs`. */
  hits: number;
  perMs: number;
}

export interface RateLimiter {
  /** Takes one token for this client at `now` (epoch ms); false when the bucket is empty. */
  take(ip: string, userAgent: string, now: number): boolean;
  readonly size: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/** Enough for every live client of a busy site; a flood of fresh keys only evicts idle buckets. */
export const RATE_LIMIT_CACHE_SIZE = 100_000;

export function createRateLimiter(limit: RateLimit | null, cacheSize = RATE_LIMIT_CACHE_SIZE): RateLimiter {
  if (limit === null) return { take: () => true, size: 0 };
  const buckets = new Lru<number, Bucket>(cacheSize);
  const refillPerMs = limit.hits / limit.perMs;
  return {
    take(ip, userAgent, now) {
      // A hash, not the raw strings: the key holds no IP or UA, and a huge UA costs no memory.
      const key = clientKey(ip, userAgent);
      const bucket = buckets.get(key);
      if (bucket === undefined) {
        buckets.set(key, { tokens: limit.hits - 1, last: now });
        return true;
      }
      // Imports replay old timestamps out of order: time never runs backwards for a bucket.
      const elapsed = Math.max(0, now - bucket.last);
      bucket.tokens = Math.min(limit.hits, bucket.tokens + elapsed * refillPerMs);
      bucket.last = Math.max(bucket.last, now);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    get size() {
      return buckets.size;
    },
  };
}

/** Two 32-bit FNV-1a passes folded into 53 bits: collisions only merge two clients' buckets. */
export function clientKey(ip: string, userAgent: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  };
  mix(ip);
  mix('\u0000');
  mix(userAgent);
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "100/10s", "300/1m", "20/s" or "off" (null). Throws with the expected form on anything else. */
export function parseRateLimit(text: string): RateLimit | null {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === 'none') return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h)$/.exec(value);
  const hits = Number(match?.[1]);
  const perMs = Number(match?.[2] || '1') * (UNIT_MS[match?.[3] ?? ''] ?? NaN);
  if (!match || !(hits >= 1 && hits <= 1_000_000) || !(perMs >= 1 && perMs <= 86_400_000)) {
    throw new Error('expected hits per period such as 100/10s, 300/1m or 20/s (1 to 1000000 hits, up to 24h), or off');
  }
  return Object.freeze({ hits, perMs });
}
