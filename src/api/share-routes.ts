// Share links over HTTP: site admins list, create and revoke them; a share link holder reads
// which site it shows and, for a password-protected link, trades the password for a grant.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';
import { guard } from '../auth/guard.ts';
import { canAdminSite } from '../auth/policy.ts';
import { issueGrant, principalOf } from '../auth/principal.ts';
import { countGuess, guessKeys, type LoginContext } from '../auth/guesses.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { findLiveShare, insertShare, listShares, revokeShare } from '../store/shares.ts';
import { getSiteSettings } from '../store/site-settings.ts';
import { bad, bodyOf, requiredText, text } from './body.ts';
import { requireSite, siteParam } from './site-routes.ts';

const MAX_EXPIRY_MS = 10 * 365 * 86_400_000;

function expiryOf(value: unknown, now: number): number | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms) || ms <= now || ms > now + MAX_EXPIRY_MS) throw bad('expires_at: expected a future date-time such as 2030-01-31T00:00:00Z');
  return ms;
}

export function registerShareRoutes(app: FastifyInstance, ctx: LoginContext): void {
  const siteAdmin = guard(ctx, (p, request) => canAdminSite(p, siteParam(request)));

  app.get('/api/sites/:domain/shares', { preHandler: siteAdmin }, async (request) => listShares(ctx.db, (await requireSite(ctx, siteParam(request))).domain));

  app.post('/api/sites/:domain/shares', { preHandler: siteAdmin }, async (request, reply) => {
    const { domain } = await requireSite(ctx, siteParam(request));
    const body = bodyOf(request);
    const password = text(body, 'password', { max: 512, optional: true }) || null;
    if (password !== null && passwordProblem(password)) throw bad(passwordProblem(password)!);
    const label = (text(body, 'label', { max: 200, optional: true }) ?? '').trim() || 'Shared dashboard';
    const now = ctx.clock.now();
    const { share, token } = await insertShare(ctx.db, { site: domain, label, passwordHash: password === null ? null : await hashPassword(password), expiresMs: expiryOf(body.expires_at, now), now });
    return reply.code(201).header('cache-control', 'no-store').send({ ...share, token, path: `/share/${token}` });
  });

  app.delete('/api/sites/:domain/shares/:id', { preHandler: siteAdmin }, async (request) => {
    const { domain } = await requireSite(ctx, siteParam(request));
    const id = String((request.params as { id?: unknown }).id ?? '').slice(0, 100);
    if (!(await revokeShare(ctx.db, domain, id, ctx.clock.now()))) throw new ApiError('not_found', 'No active share link with that id on this site.');
    return { id };
  });

  app.get('/api/share', { preHandler: guard(ctx, (p) => p.kind === 'share') }, async (request, reply) => {
    const p = principalOf(request);
    const site = p.kind === 'share' ? await getSiteSettings(ctx.db, p.site) : null;
    if (!site) throw new ApiError('site_not_found', 'The shared site no longer exists.');
    return reply.header('cache-control', 'no-store').send({ domain: site.domain, timezone: site.timezone });
  });

  // Throttled like a login: a share password is as guessable as any other.
  app.post('/api/share/unlock', async (request, reply) => {
    const body = bodyOf(request);
    const token = requiredText(body, 'token', 200);
    const password = typeof body.password === 'string' ? body.password.slice(0, 512) : '';
    const share = await countGuess(ctx, reply, guessKeys(ctx, request, `share:${token}`), async (attempt) => {
      const found = await findLiveShare(ctx.db, token, ctx.clock.now());
      const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash()));
      if (!found || (found.passwordHash !== null && !ok)) {
        attempt.failed();
        throw new ApiError('unauthorized', 'Wrong password, or the link is no longer valid.');
      }
      attempt.passed();
      return found;
    });
    return reply.header('cache-control', 'no-store').send({ grant: issueGrant(ctx.secret, share.id, ctx.clock.now()) });
  });
}
