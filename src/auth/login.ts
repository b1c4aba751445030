// Signing in: throttled per client address and per account (with backoff), scrypt-verified,
// TOTP-checked when enabled, and always a brand-new session id (no session fixation).
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { deleteSession, insertSession, SESSION_TTL_MS } from '../store/login-sessions.ts';
import { findUserByEmail, findUserById, normalizeEmail, publicUser, type User, type UserSecrets } from '../store/users.ts';
import { decoyHash, verifyPassword } from './password.ts';
import { useTotpCode } from './two-factor.ts';
import { readCookie, setSessionCookie, SESSION_COOKIE } from './cookies.ts';
import { sessionHash, type AuthContext } from './principal.ts';
import { countGuess, guessKeys, type LoginContext } from './guesses.ts';

export async function login(ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, creds: { email: unknown; password: unknown; totp: unknown }): Promise<{ user: User; csrfToken: string }> {
  const email = normalizeEmail(creds.email) ?? '';
  const password = typeof creds.password === 'string' ? creds.password.slice(0, 1024) : '';
  const user = await countGuess(ctx, reply, guessKeys(ctx, request, `account:${email}`), async (attempt) => {
    const found = email ? await findUserByEmail(ctx.db, email) : null;
    // The decoy keeps the time of a wrong email equal to that of a wrong password.
    const passwordOk = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
    if (!found || !passwordOk) {
      attempt.failed();
      throw new ApiError('unauthorized', 'Wrong email or password.');
    }
    if (found.totpSealed !== null) {
      if (creds.totp === undefined || creds.totp === null || creds.totp === '') throw new ApiError('totp_required', 'Enter the 6-digit code from your authenticator app.');
      if (!(await useTotpCode(ctx, found, creds.totp))) {
        attempt.failed();
        throw new ApiError('unauthorized', 'Wrong two-factor code, or one already used: wait for the next.');
      }
    }
    attempt.passed();
    return found;
  });
  return { user: publicUser(user), csrfToken: await startSession(ctx, request, reply, user.id) };
}

/**
 * The signed-in user's password, checked as a counted guess (a stolen session must not become a
 * way to guess it fast); the user with their secrets when it is right, else 403.
 */
export async function confirmPassword(ctx: LoginContext, request: FastifyRequest, reply: FastifyReply, who: User, password: string): Promise<UserSecrets> {
  return countGuess(ctx, reply, guessKeys(ctx, request, `account:${who.email}`), async (attempt) => {
    const user = await findUserById(ctx.db, who.id);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      attempt.failed();
      throw new ApiError('forbidden', 'The password is wrong.');
    }
    attempt.passed();
    return user;
  });
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
