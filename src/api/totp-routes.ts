// Two-factor authentication over HTTP: a fresh secret is offered, and stored only once a code
// from it proves the app has it. Turning it on, replacing it or turning it off takes the
// password, checked as a counted guess like a login.
import type { FastifyInstance } from 'fastify';
import { guard } from '../auth/guard.ts';
import { isUser } from '../auth/policy.ts';
import { confirmPassword } from '../auth/login.ts';
import type { LoginContext } from '../auth/guesses.ts';
import { newTotpSecret, otpauthUri, totpStep } from '../auth/totp.ts';
import { enableTotp } from '../auth/two-factor.ts';
import { deleteOtherSessions } from '../store/login-sessions.ts';
import { setTotpSecret } from '../store/users.ts';
import { signedIn } from './auth-routes.ts';
import { bad, bodyOf, requiredText, text } from './body.ts';

export function registerTotpRoutes(app: FastifyInstance, ctx: LoginContext): void {
  const userOnly = guard(ctx, isUser);

  app.post('/api/auth/totp/setup', { preHandler: userOnly }, async (request) => {
    const secret = newTotpSecret();
    return { secret, uri: otpauthUri(secret, signedIn(request).user.email) };
  });

  app.post('/api/auth/totp/enable', { preHandler: userOnly }, async (request, reply) => {
    const p = signedIn(request);
    const body = bodyOf(request);
    const secret = requiredText(body, 'secret', 64);
    if (!/^[A-Z2-7]{32}$/.test(secret)) throw bad('secret: expected the secret from /api/auth/totp/setup');
    const step = totpStep(secret, text(body, 'code', { max: 10 }), ctx.clock.now());
    if (step === null) throw bad('code: wrong code; check the time on your phone');
    const user = await confirmPassword(ctx, request, reply, p.user, requiredText(body, 'password', 1024));
    await enableTotp(ctx, user.id, secret, step);
    // A session opened with the password alone (perhaps by whoever made 2FA necessary) ends here.
    await deleteOtherSessions(ctx.db, user.id, p.sessionHash);
    return { ok: true };
  });

  app.post('/api/auth/totp/disable', { preHandler: userOnly }, async (request, reply) => {
    const p = signedIn(request);
    const user = await confirmPassword(ctx, request, reply, p.user, requiredText(bodyOf(request), 'password', 1024));
    await setTotpSecret(ctx.db, user.id, null, null);
    return { ok: true };
  });
}
