// API keys over HTTP for owners and admins: list, create (scoped to sites, read-only or admin;
// the secret is in this one answer only) and revoke.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';
import { guard, refusal } from '../auth/guard.ts';
import { canManageKeys } from '../auth/policy.ts';
import { principalOf, type AuthContext } from '../auth/principal.ts';
import { normalizeDomain } from '../sites/domain.ts';
import { getSiteSettings } from '../store/site-settings.ts';
import { createApiKey, KEY_ACCESS, listApiKeys, revokeApiKey, type KeyAccess } from '../store/api-keys.ts';
import { bad, bodyOf, text } from './body.ts';

async function scopeOf(ctx: AuthContext, value: unknown): Promise<string[] | null> {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) throw bad('sites: expected null (every site) or a non-empty list of domains');
  const sites: string[] = [];
  for (const raw of value) {
    // Never String(raw): a deeply nested array overflows the stack when turned into text.
    if (typeof raw !== 'string') throw bad('sites: expected domain names (strings)');
    const domain = normalizeDomain(raw);
    if (domain === null || !(await getSiteSettings(ctx.db, domain))) throw bad(`sites: no site "${raw.slice(0, 100)}"`);
    if (!sites.includes(domain)) sites.push(domain);
  }
  return sites;
}

export function registerKeyRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const staff = guard(ctx, canManageKeys);

  app.get('/api/keys', { preHandler: staff }, async () => listApiKeys(ctx.db));

  app.post('/api/keys', { preHandler: staff }, async (request, reply) => {
    const body = bodyOf(request);
    const name = (text(body, 'name', { max: 200, optional: true }) ?? '').trim() || 'default';
    const access = body.access ?? 'read';
    if (!(KEY_ACCESS as readonly unknown[]).includes(access)) throw bad('access: expected read or admin');
    // Only signed-in staff pass the guard; the key is revoked when its maker leaves or is demoted.
    const maker = principalOf(request);
    if (maker.kind !== 'user') throw refusal(maker);
    const key = await createApiKey(ctx.db, { name, access: access as KeyAccess, sites: await scopeOf(ctx, body.sites), createdBy: maker.user.id });
    return reply.code(201).header('cache-control', 'no-store').send(key);
  });

  app.delete('/api/keys/:id', { preHandler: staff }, async (request) => {
    const id = String((request.params as { id?: unknown }).id ?? '').slice(0, 100);
    if (!(await revokeApiKey(ctx.db, id))) throw new ApiError('not_found', 'No active API key with that id.');
    return { id };
  });
}
