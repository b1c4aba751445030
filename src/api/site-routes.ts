// Sites over HTTP: the list a principal may see, create, settings (read and change) and delete
// (with the domain typed again as confirmation). Changes go through the same admin operations
// as the CLI, so the ingest hot path follows them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';
import { AdminError } from '../lib/admin-error.ts';
import type { AdminOps } from '../admin/ops.ts';
import { guard } from '../auth/guard.ts';
import { canAdminSite, canCreateSites, canDeleteSite, canReadSite } from '../auth/policy.ts';
import { principalOf, type AuthContext } from '../auth/principal.ts';
import { normalizeDomain } from '../sites/domain.ts';
import { getSiteSettings, listSiteSettings, type SiteSettings } from '../store/site-settings.ts';
import { bad, bodyOf, requiredText, text } from './body.ts';

/** The site named in the URL, normalised ('' when it is not a domain, which no site is). */
export function siteParam(request: FastifyRequest): string {
  return normalizeDomain(String((request.params as { domain?: unknown }).domain ?? '')) ?? '';
}

/** Runs an admin operation, its refusals becoming 400s with the same clear message. */
export async function runOp(ops: AdminOps, name: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    return await ops[name]!(args);
  } catch (error) {
    if (error instanceof AdminError) throw bad(error.message);
    throw error;
  }
}

export async function requireSite(ctx: AuthContext, domain: string): Promise<SiteSettings> {
  const settings = domain === '' ? null : await getSiteSettings(ctx.db, domain);
  if (!settings) throw new ApiError('site_not_found', 'No such site.');
  return settings;
}

/** The wire form of settings: snake_case like the rest of the API. */
function settingsJson(s: SiteSettings) {
  return {
    domain: s.domain, timezone: s.timezone, allowed_hostnames: s.allowedHostnames, excluded_ips: s.excludedIps,
    excluded_paths: s.excludedPaths, retention_days: s.retentionDays, public: s.isPublic,
  };
}

export function registerSiteRoutes(app: FastifyInstance, ctx: AuthContext & { ops: AdminOps }): void {
  const siteAdmin = guard(ctx, (p, request) => canAdminSite(p, siteParam(request)));

  app.get('/api/sites', { preHandler: guard(ctx, (p) => p.kind !== 'anonymous') }, async (request, reply) => {
    const p = principalOf(request);
    const sites = (await listSiteSettings(ctx.db)).filter((s) => canReadSite(p, s.domain));
    return reply.header('cache-control', 'no-store').send(sites.map((s) => ({ domain: s.domain, timezone: s.timezone, can_admin: canAdminSite(p, s.domain) })));
  });

  app.post('/api/sites', { preHandler: guard(ctx, canCreateSites) }, async (request, reply) => {
    const body = bodyOf(request);
    const domain = normalizeDomain(requiredText(body, 'domain', 253));
    if (domain === null) throw bad('domain: expected a domain name such as example.com');
    if (await getSiteSettings(ctx.db, domain)) throw new ApiError('conflict', `${domain} already exists.`);
    await runOp(ctx.ops, 'site.add', { domain, timezone: text(body, 'timezone', { max: 64, optional: true }) ?? 'UTC' });
    return reply.code(201).send(settingsJson(await requireSite(ctx, domain)));
  });

  app.get('/api/sites/:domain/settings', { preHandler: siteAdmin }, async (request) => settingsJson(await requireSite(ctx, siteParam(request))));

  app.patch('/api/sites/:domain/settings', { preHandler: siteAdmin }, async (request) => {
    const { domain } = await requireSite(ctx, siteParam(request));
    const body = bodyOf(request);
    const args: Record<string, unknown> = { domain };
    const fields: Array<[string, string]> = [['timezone', 'timezone'], ['allowed_hostnames', 'allowedHostnames'], ['excluded_ips', 'excludedIps'], ['excluded_paths', 'excludedPaths'], ['retention_days', 'retentionDays'], ['public', 'isPublic']];
    for (const [wire, name] of fields) if (body[wire] !== undefined) args[name] = body[wire];
    return settingsJson((await runOp(ctx.ops, 'site.settings', args)) as SiteSettings);
  });

  app.delete('/api/sites/:domain', { preHandler: guard(ctx, canDeleteSite) }, async (request) => {
    const { domain } = await requireSite(ctx, siteParam(request));
    if (bodyOf(request).confirm !== domain) throw bad(`confirm: type the domain ("${domain}") to delete the site and all its events`);
    return runOp(ctx.ops, 'site.remove', { domain });
  });
}
