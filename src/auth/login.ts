// Signing in: throttled per client address and per account (with backoff), scrypt-verified,
// TOTP-checked when enabled, and always a brand-new session id (no session fixation).
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../query/errors.ts';
import { deleteSession, insertSession, SESSION_TTL_MS } from '../store/sessions.ts';
import { findUserByEmail, normalizeEmail, publicUser, type User } from '../store/users.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { verifyTotp } from './totp.ts';
import { hmac } from './secret.ts';
import { readCookie, setSessionCookie, SESSION_COOKIE } from './cookies.ts';
import { sessionHash, type AuthContext } from './principal.ts';
import { ACCOUNT_RULE, IP_RULE, Throttle } from './throttle.ts';

export interface LoginContext extends AuthContext {
  resolveIp(request: FastifyRequest): string;
  byIp: Throttle;
  byAccount: Throttle;
}

export function createThrottles(): { byIp: Throttle; byAccount: Throttle } {
  return { byIp: new Throttle(IP_RULE), byAccount: new Throttle(ACCOUNT_RULE) };
}

/** The throttle key of the client's address: an HMAC, so even memory holds no raw IP. */
export function ipKey(ctx: LoginContext, request: FastifyRequest): string {
  return hmac(ctx.secret, `ip:${ctx.resolveIp(request)}`);
}

/** Refuses with 429 + Retry-After while any of `keys` is backing off. */
export function checkThrottle(ctx: LoginContext, reply: FastifyReply, keys: Array<[Throttle, string]>): void {
  const now = ctx.clock.now();
  const waitMs = Math.max(...keys.map(([t, k]) => t.waitMs(k, now)));
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    reply.header('Retry-After', String(seconds));
    throw new ApiError('rate_limited', `Too many failed attempts; try again in ${seconds} s.`);
  }
}

export async function login(ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, creds: { email: unknown; password: unknown; totp: unknown }): Promise<{ user: User; csrfToken: string }> {
  const email = normalizeEmail(creds.email) ?? '';
  const keys: Array<[Throttle, string]> = [[ctx.byIp, ipKey(ctx, request)], [ctx.byAccount, `account:${email}`]];
  checkThrottle(ctx, reply, keys);
  const user = email ? await findUserByEmail(ctx.db, email) : null;
  const password = typeof creds.password === 'string' ? creds.password.slice(0, 1024) : '';
  // The decoy keeps the time of a wrong email equal to that of a wrong password.
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  const fail = (error: ApiError) => {
    for (const [throttle, key] of keys) throttle.fail(key, ctx.clock.now());
    return error;
  };
  if (!user || !passwordOk) throw fail(new ApiError('unauthorized', 'Wrong email or password.'));
  if (user.totpSecret !== null) {
    if (creds.totp === undefined || creds.totp === null || creds.totp === '') throw new ApiError('totp_required', 'Enter the 6-digit code from your authenticator app.');
    if (!verifyTotp(user.totpSecret, creds.totp, ctx.clock.now())) throw fail(new ApiError('unauthorized', 'Wrong two-factor code.'));
  }
  for (const [throttle, key] of keys) throttle.succeed(key);
  return { user: publicUser(user), csrfToken: await startSession(ctx, request, reply, user.id) };
}

/** Ends whatever session the request carried and starts a new one; returns its CSRF token. */
export async function startSession(ctx: AuthContext, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
  const previous = readCookie(request, SESSION_COOKIE);
  if (previous !== null) await deleteSession(ctx.db, sessionHash(ctx.secret, previous));
  const value = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(ctx.db, { idHash: sessionHash(ctx.secret, value), userId, csrfToken, now: ctx.clock.now() });
  setSessionCookie(reply, value, SESSION_TTL_MS / 1000, ctx.isHttps(request));
  return csrfToken;
}
