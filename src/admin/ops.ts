// Admin operations on the app data: the one table of them, composed here. The server runs them for
// the CLI over the admin socket; with no server running, the CLI's admin session runs the same table.
import type { Db } from '../store/duckdb.ts';
import type { SiteRegistry, Site } from '../sites/registry.ts';
import { deleteSite, listSites, upsertSite } from '../store/app-data.ts';
import { isValidTimeZone, normalizeDomain } from '../sites/domain.ts';
import { eventOps } from './events-ops.ts';
import { dropSiteFromKeys } from '../store/api-keys.ts';
import { apiKeyOps } from './apikey-ops.ts';
import { userOps } from './user-ops.ts';
import type { Event } from '../event.ts';
import { retentionOps } from './retention-ops.ts';
import { backupOps } from './backup-ops.ts';
import { transferOps } from './transfer-ops.ts';
import { auditOps } from './audit-ops.ts';
import { siteSettingsOps } from './site-settings-ops.ts';
import { getSiteSettings } from '../store/site-settings.ts';
import { siteForRegistry } from '../sites/registry.ts';
import { deleteSiteShares } from '../store/shares.ts';
import { EventsElsewhereError, type EventQueries } from '../store/event-queries.ts';
import { AdminError } from '../lib/admin-error.ts';

export type AdminOp = (args: Record<string, unknown>) => Promise<unknown>;
export type AdminOps = Record<string, AdminOp>;

export interface AdminContext {
  db: Db;
  /** Where the store's events are queried and deleted (the Store's). */
  events: EventQueries;
  /** Present when a server runs: its hot-path view of the sites follows every change. */
  sites?: SiteRegistry;
  /** Stores every accepted event before a read (export) so the answer is complete. */
  flush?: () => Promise<void>;
  /** The writer's enqueue, so imported events get store-wide unique ids and the spool's safety. */
  enqueue?: (event: Omit<Event, 'id'>) => Promise<boolean>;
}

/** Operations owned by other modules (events, API keys...), merged into the table. */
const extensions: Array<(ctx: AdminContext) => AdminOps> = [eventOps, apiKeyOps, retentionOps, backupOps, transferOps, auditOps, siteSettingsOps, userOps];

export function createAdminOps(ctx: AdminContext): AdminOps {
  const ops: AdminOps = {
    'site.add': async (args) => addSite(ctx, String(args.domain ?? ''), String(args.timezone ?? 'UTC')),
    'site.list': async () => listSites(ctx.db),
    'site.remove': async (args) => removeSite(ctx, String(args.domain ?? '')),
  };
  for (const extension of extensions) Object.assign(ops, extension(ctx));
  return ops;
}

async function addSite(ctx: AdminContext, rawDomain: string, timezone: string): Promise<{ site: Site; existed: boolean }> {
  const domain = normalizeDomain(rawDomain);
  if (domain === null) throw new AdminError(`"${rawDomain}" is not a domain name (expected something like example.com)`);
  if (!isValidTimeZone(timezone)) throw new AdminError(`"${timezone}" is not an IANA time zone (expected something like Europe/Berlin)`);
  const site = { domain, timezone };
  const existed = await upsertSite(ctx.db, site);
  // Reloaded so an existing site keeps its hostnames and exclusions on the hot path.
  ctx.sites?.put(siteForRegistry((await getSiteSettings(ctx.db, domain))!));
  return { site, existed };
}

async function removeSite(ctx: AdminContext, rawDomain: string): Promise<{ domain: string; events: number }> {
  const domain = normalizeDomain(rawDomain);
  const known = domain !== null && (await listSites(ctx.db)).some((s) => s.domain === domain);
  if (!known || domain === null) throw new AdminError(`no site "${rawDomain}"`);
  // Stop accepting first, then store what was accepted, so no event of the site outlives it.
  ctx.sites?.delete(domain);
  await ctx.flush?.();
  // Events and the site first: when its events cannot be reached, nothing is removed.
  const events = await deleteSite(ctx.db, ctx.events, domain).catch((error: unknown) => {
    throw error instanceof EventsElsewhereError ? new AdminError(`${error.message}; nothing was removed`) : error;
  });
  await deleteSiteShares(ctx.db, domain);
  await dropSiteFromKeys(ctx.db, domain);
  return { domain, events };
}
