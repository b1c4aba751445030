// The admin operation behind a site's settings page (and the CLI): time zone, allowed hostnames,
// excluded IPs and paths, retention and visibility, validated, stored, and pushed to the hot path.
import { AdminError } from '../lib/admin-error.ts';
import type { AdminContext, AdminOps } from './ops.ts';
import { isValidTimeZone } from '../sites/domain.ts';
import { validateLists } from '../sites/rules.ts';
import { getSiteSettings, saveSiteRules, type SiteSettings } from '../store/site-settings.ts';
import { siteForRegistry } from '../sites/registry.ts';
import { applyRetention, knownSite, MAX_RETENTION_DAYS } from '../maintenance/retention.ts';

export function siteSettingsOps(ctx: AdminContext): AdminOps {
  return {
    'site.settings': async (args) => updateSettings(ctx, args),
  };
}

async function updateSettings(ctx: AdminContext, args: Record<string, unknown>): Promise<SiteSettings> {
  const domain = await knownSite(ctx.db, String(args.domain ?? ''));
  let lists;
  try {
    lists = validateLists({ allowedHostnames: args.allowedHostnames, excludedIps: args.excludedIps, excludedPaths: args.excludedPaths });
  } catch (error) {
    throw new AdminError((error as Error).message);
  }
  if (args.isPublic !== undefined && typeof args.isPublic !== 'boolean') throw new AdminError('public: expected true or false');
  if (args.timezone !== undefined && !(typeof args.timezone === 'string' && isValidTimeZone(args.timezone))) {
    throw new AdminError(`timezone: "${String(args.timezone).slice(0, 64)}" is not an IANA time zone (expected something like Europe/Berlin)`);
  }
  const days = args.retentionDays;
  if (days !== undefined && days !== null && !(typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS)) {
    throw new AdminError(`retention_days: a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or null to keep everything`);
  }
  await saveSiteRules(ctx.db, domain, { ...lists, ...(typeof args.isPublic === 'boolean' ? { isPublic: args.isPublic } : {}) });
  if (typeof args.timezone === 'string') await ctx.db.run('UPDATE sites SET timezone = $1 WHERE domain = $2', [args.timezone, domain]);
  if (days !== undefined) {
    await ctx.db.run('UPDATE sites SET retention_days = $1 WHERE domain = $2', [days as number | null, domain]);
    await applyRetention(ctx.db, ctx.events, Date.now(), domain);
  }
  const settings = (await getSiteSettings(ctx.db, domain))!;
  ctx.sites?.put(siteForRegistry(settings));
  return settings;
}
