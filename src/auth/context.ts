// Builds what every authenticated route needs from the config: the secret, the clock, the
// key rate limiter, the login throttles and how to tell HTTPS and the client address.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../store/duckdb.ts';
import { ReaderRateLimiter } from '../lib/reader-rate-limiter.ts';
import { createCidrMatcher, type ClientIpResolver } from '../lib/client-ip.ts';
import { createThrottles, type LoginContext } from './guesses.ts';

export function createAuthContext(deps: { config: Config; db: Db; secret: Buffer; clock: { now(): number }; resolveIp: ClientIpResolver }): LoginContext {
  const isTrustedProxy = createCidrMatcher(deps.config.trustProxy);
  return {
    db: deps.db,
    secret: deps.secret,
    clock: deps.clock,
    keyLimiter: new ReaderRateLimiter(),
    ...createThrottles(),
    resolveIp: (request) => deps.resolveIp(request.socket.remoteAddress ?? '', request.headers),
    isHttps: (request: FastifyRequest) => {
      // Only our own proxy may say the client used HTTPS; anyone else could claim it.
      if (!isTrustedProxy(request.socket.remoteAddress ?? '')) return false;
      const proto = request.headers['x-forwarded-proto'];
      return typeof proto === 'string' && proto.split(',')[0]!.trim().toLowerCase() === 'https';
    },
  };
}
