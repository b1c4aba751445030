// Rate limits for stats readers without an API key, like the one every key has: a share link is
// limited per link (whoever holds it), anyone reading a public site per client address (its
// HMAC, never the address itself). Each stats request costs a query, so neither may send an
// unbounded stream of them.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ipKey, type LoginContext } from '../auth/guesses.ts';
import { RateLimitedError } from '../auth/principal.ts';
import { DEFAULT_RATE_PER_MINUTE } from '../store/api-keys.ts';
import { ReaderRateLimiter } from '../lib/reader-rate-limiter.ts';

/** As an API key by default: a dashboard load is a few dozen queries. */
export const SHARE_RATE_PER_MINUTE = DEFAULT_RATE_PER_MINUTE;
/** Half that per address: a public site's readers each have their own. */
export const PUBLIC_RATE_PER_MINUTE = DEFAULT_RATE_PER_MINUTE / 2;
/** Buckets kept (least recently used dropped first), so a flood of addresses cannot grow memory without bound. */
const MAX_BUCKETS = 100_000;

export type Reader = { kind: 'share'; shareId: string } | { kind: 'public' };

/** Takes one request of `reader`'s allowance, or refuses with 429 rate_limited and Retry-After. */
export type ReaderLimit = (request: FastifyRequest, reply: FastifyReply, reader: Reader) => void;

export function createReaderLimit(ctx: LoginContext): ReaderLimit {
  const limiter = new ReaderRateLimiter(MAX_BUCKETS);
  return (request, reply, reader) => {
    const [key, rate] = reader.kind === 'share' ? [`share:${reader.shareId}`, SHARE_RATE_PER_MINUTE] : [`public:${ipKey(ctx, request)}`, PUBLIC_RATE_PER_MINUTE];
    const taken = limiter.take(key, rate, ctx.clock.now());
    if (taken.ok) return;
    reply.header('Retry-After', String(taken.retryAfterSeconds));
    throw new RateLimitedError(rate, taken.retryAfterSeconds);
  };
}
