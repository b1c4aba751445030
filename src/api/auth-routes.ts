// Accounts over HTTP: first-run setup, login, logout, the current user and password change
// (two-factor authentication is in totp-routes.ts).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';
import { guard, isSameOrigin } from '../auth/guard.ts';
import { isUser } from '../auth/policy.ts';
import { principalOf } from '../auth/principal.ts';
import { confirmPassword, login, startSession } from '../auth/login.ts';
import { checkThrottle, ipKey, type LoginContext } from '../auth/guesses.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import type { SetupGate } from '../auth/setup-gate.ts';
import { clearSessionCookie } from '../auth/cookies.ts';
import { deleteOtherSessions, deleteSession } from '../store/login-sessions.ts';
import { countUsers, insertUser, normalizeEmail, setPasswordHash } from '../store/users.ts';
import { bad, bodyOf, requiredText } from './body.ts';

export function signedIn(request: Parameters<typeof principalOf>[0]) {
  const p = principalOf(request);
  if (p.kind !== 'user') throw new Error('guard let a non-user through');
  return p;
}

/** Login and setup carry no session yet; a cross-site form must still not sign anyone in. */
function sameOriginOnly(request: Parameters<typeof isSameOrigin>[0]): void {
  if (!isSameOrigin(request)) throw new ApiError('csrf_failed', 'Sign in from this site.');
}

export function registerAuthRoutes(app: FastifyInstance, ctx: LoginContext & { setup: SetupGate }): void {
  const userOnly = guard(ctx, isUser);

  app.post('/api/auth/login', async (request, reply) => {
    sameOriginOnly(request);
    const body = bodyOf(request);
    const result = await login(ctx, request, reply, { email: body.email, password: body.password, totp: body.totp });
    return reply.header('cache-control', 'no-store').send(result);
  });

  app.post('/api/auth/setup', async (request, reply) => {
    sameOriginOnly(request);
    const body = bodyOf(request);
    checkThrottle(ctx, reply, [{ throttle: ctx.byIp, key: ipKey(ctx, request) }]);
    const email = normalizeEmail(body.email);
    if (email === null) throw bad('email: expected an email address');
    const problem = passwordProblem(body.password);
    if (problem) throw bad(problem);
    if ((await countUsers(ctx.db)) > 0) {
      ctx.setup.close();
      throw new ApiError('forbidden', 'Setup is already done: sign in instead.');
    }
    if (!ctx.setup.consume(body.token)) {
      ctx.byIp.fail(ipKey(ctx, request), ctx.clock.now());
      throw new ApiError('unauthorized', 'The setup link is not valid: use the one the server printed at start.');
    }
    const user = await insertUser(ctx.db, { email, passwordHash: await hashPassword(body.password as string), role: 'owner', now: ctx.clock.now() });
    const csrfToken = await startSession(ctx, request, reply, user.id);
    return reply.code(201).send({ user, csrfToken });
  });

  app.get('/api/auth/me', { preHandler: userOnly }, async (request, reply) => {
    const p = signedIn(request);
    return reply.header('cache-control', 'no-store').send({ user: p.user, csrfToken: p.csrfToken });
  });

  app.post('/api/auth/logout', { preHandler: userOnly }, async (request, reply) => {
    await deleteSession(ctx.db, signedIn(request).sessionHash);
    clearSessionCookie(reply, ctx.isHttps(request));
    return reply.send({ ok: true });
  });

  app.post('/api/auth/password', { preHandler: userOnly }, async (request, reply) => {
    const p = signedIn(request);
    const body = bodyOf(request);
    const problem = passwordProblem(body.new_password);
    if (problem) throw bad(problem.replace(/^password/, 'new_password'));
    const user = await confirmPassword(ctx, request, reply, p.user, requiredText(body, 'current_password', 1024));
    await setPasswordHash(ctx.db, user.id, await hashPassword(body.new_password as string));
    // Anyone else holding a session of this account is signed out.
    await deleteOtherSessions(ctx.db, user.id, p.sessionHash);
    return reply.send({ ok: true });
  });
}
