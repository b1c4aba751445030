// Who is asking: a signed-in user (session cookie), an API key (Bearer), a share link
// (Authorization: Share <token>, plus X-Share-Grant when it has a password), or nobody.
// Resolved once per request; bad credentials are an error, never a silent downgrade.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../store/duckdb.ts';
import { ApiError } from '../errors.ts';
import { findKey, type ActiveKey } from '../store/api-keys.ts';
import type { ReaderRateLimiter } from '../lib/reader-rate-limiter.ts';
import { findSession } from '../store/login-sessions.ts';
import { findUserById, publicUser, type User } from '../store/users.ts';
import { findLiveShare } from '../store/shares.ts';
import { hmac } from './secret.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User; sessionHash: string; csrfToken: string }
  | { kind: 'key'; key: ActiveKey }
  | { kind: 'share'; shareId: string; site: string };

export interface AuthContext {
  db: Db;
  secret: Buffer;
  clock: { now(): number };
  keyLimiter: ReaderRateLimiter;
  /** True when the request reached us over HTTPS (a trusted proxy's X-Forwarded-Proto counts). */
  isHttps(request: FastifyRequest): boolean;
}

const resolved = new WeakMap<FastifyRequest, Principal>();

/** What the cookie value is stored as. */
export function sessionHash(secret: Buffer, cookieValue: string): string {
  return hmac(secret, `session:${cookieValue}`);
}

export async function resolvePrincipal(request: FastifyRequest, ctx: AuthContext): Promise<Principal> {
  const known = resolved.get(request);
  if (known) return known;
  const principal = await fromCredentials(request, ctx);
  resolved.set(request, principal);
  return principal;
}

/** The principal an earlier hook resolved for this request (anonymous when none did). */
export function principalOf(request: FastifyRequest): Principal {
  return resolved.get(request) ?? { kind: 'anonymous' };
}

async function fromCredentials(request: FastifyRequest, ctx: AuthContext): Promise<Principal> {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.trim() !== '') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) return fromKey(bearer[1]!, ctx);
    const share = /^Share\s+([A-Za-z0-9_-]{1,200})\s*$/i.exec(header);
    if (share) return fromShare(share[1]!, request.headers['x-share-grant'], ctx);
    throw new ApiError('unauthorized', 'Unsupported Authorization header: send "Bearer <API key>" or "Share <token>".');
  }
  return fromSessionCookie(request, ctx);
}

/** The session cookie's user, whatever the Authorization header says (anonymous when none is live). */
export async function fromSessionCookie(request: FastifyRequest, ctx: AuthContext): Promise<Principal> {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (cookie === null) return { kind: 'anonymous' };
  const hash = sessionHash(ctx.secret, cookie);
  const session = await findSession(ctx.db, hash, ctx.clock.now());
  const user = session ? await findUserById(ctx.db, session.userId) : null;
  // An expired or unknown cookie is simply not signed in: the page then offers the login.
  if (!session || !user) return { kind: 'anonymous' };
  return { kind: 'user', user: publicUser(user), sessionHash: hash, csrfToken: session.csrfToken };
}

async function fromKey(secret: string, ctx: AuthContext): Promise<Principal> {
  const key = await findKey(ctx.db, secret);
  if (!key) throw new ApiError('unauthorized', 'The API key is unknown or revoked.');
  const taken = ctx.keyLimiter.take(key.id, key.ratePerMinute, ctx.clock.now());
  if (!taken.ok) throw new RateLimitedError(key.ratePerMinute, taken.retryAfterSeconds);
  return { kind: 'key', key };
}

async function fromShare(token: string, grant: unknown, ctx: AuthContext): Promise<Principal> {
  const share = await findLiveShare(ctx.db, token, ctx.clock.now());
  if (!share) throw new ApiError('unauthorized', 'The share link is unknown, expired or revoked.');
  if (share.passwordHash !== null && !(typeof grant === 'string' && verifyGrant(ctx.secret, share.id, grant, ctx.clock.now()))) {
    throw new ApiError('share_locked', 'This share link has a password.');
  }
  return { kind: 'share', shareId: share.id, site: share.site };
}

/** An API-key rate limit: carries the Retry-After the error handler sets. */
export class RateLimitedError extends ApiError {
  constructor(
    rate: number,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', `Rate limit of ${rate} requests per minute exceeded; retry in ${retryAfterSeconds} s.`);
  }
}

const GRANT_TTL_MS = 12 * 3_600_000;

/** Proof that the password of share `shareId` was given, valid for 12 hours: "<expiry>.<hmac>". */
export function issueGrant(secret: Buffer, shareId: string, now: number): string {
  const expires = now + GRANT_TTL_MS;
  return `${expires}.${hmac(secret, `share:${shareId}:${expires}`)}`;
}

export function verifyGrant(secret: Buffer, shareId: string, grant: string, now: number): boolean {
  const match = /^(\d{1,16})\.([0-9a-f]{64})$/.exec(grant.trim());
  if (!match || Number(match[1]) <= now) return false;
  const expected = Buffer.from(hmac(secret, `share:${shareId}:${match[1]}`), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}
