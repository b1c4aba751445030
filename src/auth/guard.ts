// Fastify hooks that enforce the policy: resolve the principal, answer 401 to nobody and 403 to
// the wrong somebody, and demand the CSRF token on every state change made with the cookie.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { resolvePrincipal, RateLimitedError, type AuthContext, type Principal } from './principal.ts';

export type Rule = (principal: Principal, request: FastifyRequest) => boolean | Promise<boolean>;

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A preHandler: the request passes `rule` or is refused; cookie-authenticated writes need CSRF proof. */
export function guard(ctx: AuthContext, rule: Rule): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const principal = await authenticate(request, reply, ctx);
    if (!(await rule(principal, request))) throw refusal(principal);
    if (principal.kind === 'user' && !SAFE_METHODS.has(request.method)) checkCsrf(request, principal.csrfToken);
  };
}

/** Resolves the principal, turning a key's rate limit into 429 + Retry-After. */
export async function authenticate(request: FastifyRequest, reply: FastifyReply, ctx: AuthContext): Promise<Principal> {
  try {
    return await resolvePrincipal(request, ctx);
  } catch (error) {
    if (error instanceof RateLimitedError) reply.header('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
}

export function refusal(principal: Principal): ApiError {
  return principal.kind === 'anonymous'
    ? new ApiError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer <key>".')
    : new ApiError('forbidden', 'These credentials do not allow this.');
}

/** The session's token in X-CSRF-Token, and (when the browser says) a same-origin request. */
export function checkCsrf(request: FastifyRequest, expected: string): void {
  const given = request.headers[CSRF_HEADER];
  // Lengths in bytes, not characters: a non-ASCII header of the right length in characters
  // makes buffers of different sizes, which timingSafeEqual throws on.
  const givenBytes = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  const ok = typeof given === 'string' && givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
  if (!ok || !isSameOrigin(request)) throw new ApiError('csrf_failed', 'This change needs the X-CSRF-Token header of your session, sent from this site.');
}

/** Origin, when present, must name this host; Sec-Fetch-Site, when present, must not be cross-site. */
export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
