// Per-visitor rate limit: token buckets per hash of (IP, user agent) and, wider, per address, in
// bounded LRUs. The address bucket is what a client cannot escape by rotating its user agent.
import { isIP } from 'node:net';
import { ipv6Words } from '../../lib/client-ip.ts';
import type { RateLimit } from '../../config.ts';
import { Lru } from './lru.ts';

/** Limits collected hits, per visitor and per address (stats reads have their own limiter). */
export interface HitRateLimiter {
  /** Takes one token for this client and its address at `now` (epoch ms); false when either bucket is empty. */
  take(ip: string, userAgent: string, now: number): boolean;
  /** Buckets held for (IP, user agent) clients. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/** Enough for every live client of a busy site; a flood of fresh keys only evicts idle buckets. */
export const RATE_LIMIT_CACHE_SIZE = 100_000;

/**
 * An address may send this many times the per-client limit: room for several browsers behind
 * one NAT, while rotating user agents from one address gains a flood no more than this factor.
 */
export const ADDRESS_LIMIT_MULTIPLE = 5;

export function createHitRateLimiter(limit: RateLimit | null, cacheSize = RATE_LIMIT_CACHE_SIZE): HitRateLimiter {
  if (limit === null) return { take: () => true, size: 0 };
  const clients = createBuckets(limit, cacheSize);
  const addresses = createBuckets({ hits: limit.hits * ADDRESS_LIMIT_MULTIPLE, perMs: limit.perMs }, cacheSize);
  return {
    take(ip, userAgent, now) {
      // Hashes, not the raw strings: the keys hold no IP or UA, and a huge UA costs no memory.
      const client = clients.fill(clientKey(ip, userAgent), now);
      const address = addresses.fill(clientKey(addressOf(ip), ''), now);
      // Both or neither: a hit refused by one bucket spends nothing from the other.
      if (client.tokens < 1 || address.tokens < 1) return false;
      client.tokens -= 1;
      address.tokens -= 1;
      return true;
    },
    get size() {
      return clients.size;
    },
  };
}

interface Buckets {
  /** The key's bucket, refilled up to `now`; a new key starts full. */
  fill(key: number, now: number): Bucket;
  readonly size: number;
}

function createBuckets(limit: RateLimit, cacheSize: number): Buckets {
  const buckets = new Lru<number, Bucket>(cacheSize);
  const refillPerMs = limit.hits / limit.perMs;
  return {
    fill(key, now) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { tokens: limit.hits, last: now };
        buckets.set(key, bucket);
        return bucket;
      }
      // Imports replay old timestamps out of order: time never runs backwards for a bucket.
      const elapsed = Math.max(0, now - bucket.last);
      bucket.tokens = Math.min(limit.hits, bucket.tokens + elapsed * refillPerMs);
      bucket.last = Math.max(bucket.last, now);
      return bucket;
    },
    get size() {
      return buckets.size;
    },
  };
}

/** The address a limit counts: an IPv6 client usually holds a whole /64, so that prefix. */
export function addressOf(ip: string): string {
  if (!ip.includes(':') || isIP(ip) !== 6) return ip;
  return ipv6Words(ip).slice(0, 4).map((word) => word.toString(16)).join(':') + '::/64';
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
