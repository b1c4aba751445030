// A site's ingest rules, compiled once per settings change: which hostnames may send hits and
// which visitor addresses and paths are excluded. Also the validation of the settings' lists.
import { createCidrMatcher, parseCidrList } from '../lib/client-ip.ts';
import { compileGlob } from '../lib/glob.ts';
import { splitList, type SiteRuleLists } from '../store/site-settings.ts';

export interface SiteRules {
  /** Null: any hostname. */
  allowsHost: ((hostname: string | null) => boolean) | null;
  excludesIp: ((ip: string) => boolean) | null;
  excludesPath: ((pathname: string | null) => boolean) | null;
}

const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const MAX_ENTRIES = 100;

/** Each list validated; throws an Error whose message names the bad entry. */
export function validateLists(lists: { allowedHostnames?: unknown; excludedIps?: unknown; excludedPaths?: unknown }): Partial<SiteRuleLists> {
  const out: Partial<SiteRuleLists> = {};
  if (lists.allowedHostnames !== undefined) {
    out.allowedHostnames = entries(lists.allowedHostnames, 'allowed_hostnames').map((h) => {
      const host = h.toLowerCase();
      if (!HOST_PATTERN.test(host)) throw new Error(`allowed_hostnames: "${h.slice(0, 100)}" is not a hostname (example.com or *.example.com)`);
      return host;
    });
  }
  if (lists.excludedIps !== undefined) {
    const raw = entries(lists.excludedIps, 'excluded_ips');
    try {
      out.excludedIps = parseCidrList(raw.join(' '));
    } catch {
      throw new Error('excluded_ips: expected IP addresses or CIDR ranges such as 203.0.113.0/24');
    }
  }
  if (lists.excludedPaths !== undefined) {
    out.excludedPaths = entries(lists.excludedPaths, 'excluded_paths').map((p) => {
      if (!/^\/[^\s]{0,500}$/.test(p)) throw new Error(`excluded_paths: "${p.slice(0, 100)}" must start with / (use * as a wildcard)`);
      return p;
    });
  }
  return out;
}

function entries(value: unknown, name: string): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? splitList(value) : null;
  if (list === null || !list.every((v) => typeof v === 'string')) throw new Error(`${name}: expected a list of strings`);
  const clean = (list as string[]).map((s) => s.trim()).filter((s) => s !== '');
  if (clean.length > MAX_ENTRIES) throw new Error(`${name}: at most ${MAX_ENTRIES} entries`);
  return clean;
}

export function compileRules(lists: SiteRuleLists): SiteRules {
  const exact = new Set(lists.allowedHostnames.filter((h) => !h.startsWith('*.')));
  const suffixes = lists.allowedHostnames.filter((h) => h.startsWith('*.')).map((h) => h.slice(1));
  // `*` is the only wildcard; matched without a regex (glob.ts says why).
  const paths = lists.excludedPaths.map(compileGlob);
  return {
    allowsHost: lists.allowedHostnames.length === 0 ? null : (host) => host !== null && (exact.has(host) || suffixes.some((s) => host.endsWith(s))),
    excludesIp: lists.excludedIps.length === 0 ? null : createCidrMatcher(lists.excludedIps),
    excludesPath: paths.length === 0 ? null : (pathname) => pathname !== null && paths.some((matches) => matches(pathname)),
  };
}
