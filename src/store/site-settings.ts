// A site's settings in the app data: time zone, allowed hostnames, excluded IPs and paths,
// retention and visibility. Portable SQL; the lists are newline-joined text.
import type { Db } from './duckdb.ts';

/** The rule lists a site keeps (compiled for the hot path by sites/rules.ts). */
export interface SiteRuleLists {
  allowedHostnames: readonly string[];
  excludedIps: readonly string[];
  excludedPaths: readonly string[];
}

/** Text (one per line or comma separated) -> entries; lists are stored newline-joined. */
export function splitList(text: string | null | undefined): string[] {
  return (text ?? '').split(/[\n,]+/).map((s) => s.trim()).filter((s) => s !== '');
}

export interface SiteSettings extends SiteRuleLists {
  domain: string;
  timezone: string;
  retentionDays: number | null;
  isPublic: boolean;
}

interface SettingsRow {
  domain: string;
  timezone: string;
  allowed_hostnames: string | null;
  excluded_ips: string | null;
  excluded_paths: string | null;
  retention_days: number | null;
  is_public: boolean | null;
  [k: string]: unknown;
}

const COLUMNS = 'domain, timezone, allowed_hostnames, excluded_ips, excluded_paths, retention_days, is_public';

function toSettings(r: SettingsRow): SiteSettings {
  return {
    domain: r.domain, timezone: r.timezone, retentionDays: r.retention_days, isPublic: r.is_public === true,
    allowedHostnames: splitList(r.allowed_hostnames), excludedIps: splitList(r.excluded_ips), excludedPaths: splitList(r.excluded_paths),
  };
}

export async function getSiteSettings(db: Db, domain: string): Promise<SiteSettings | null> {
  const [row] = await db.all<SettingsRow>(`SELECT ${COLUMNS} FROM sites WHERE domain = $1`, [domain]);
  return row ? toSettings(row) : null;
}

export async function listSiteSettings(db: Db): Promise<SiteSettings[]> {
  return (await db.all<SettingsRow>(`SELECT ${COLUMNS} FROM sites ORDER BY domain`)).map(toSettings);
}

/** Writes the rule lists and visibility (time zone and retention have their own admin operations). */
export async function saveSiteRules(db: Db, domain: string, s: Partial<SiteRuleLists> & { isPublic?: boolean }): Promise<void> {
  const sets: string[] = [];
  const params: Array<string | boolean> = [];
  const set = (column: string, value: string | boolean) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (s.allowedHostnames) set('allowed_hostnames', s.allowedHostnames.join('\n'));
  if (s.excludedIps) set('excluded_ips', s.excludedIps.join('\n'));
  if (s.excludedPaths) set('excluded_paths', s.excludedPaths.join('\n'));
  if (s.isPublic !== undefined) set('is_public', s.isPublic);
  if (sets.length === 0) return;
  params.push(domain);
  await db.run(`UPDATE sites SET ${sets.join(', ')} WHERE domain = $${params.length}`, params);
}

export async function isPublicSite(db: Db, domain: string): Promise<boolean> {
  const [row] = await db.all<{ is_public: boolean | null }>('SELECT is_public FROM sites WHERE domain = $1', [domain]);
  return row?.is_public === true;
}
