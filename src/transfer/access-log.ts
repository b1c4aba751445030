// Web-server access logs -> hits for the ingestion pipeline: nginx/Apache "combined" lines and
// Caddy's JSON access log. Only successful GETs of pages count; assets, API calls and errors do not.
import type { RequestFacts, WireEvent } from '../ingest/types.ts';
import { normalizeDomain } from '../sites/domain.ts';

export interface LogHit {
  wire: WireEvent;
  facts: RequestFacts;
}
export type SkipReason = 'malformed' | 'not_a_page';
export type LogLine = LogHit | { skip: SkipReason };

const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
/** ip ident user [time] "request" status bytes "referer" "user-agent" (the last two optional: "common"). */
const COMBINED = new RegExp(String.raw`^(\S+) \S+ \S+ \[([^\]]+)\] ${QUOTED} (\d{3}) \S+(?: ${QUOTED} ${QUOTED})?`);
const MONTHS: Readonly<Record<string, number>> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
/** Paths whose last segment has one of these extensions are pages; any other extension is an asset. */
const PAGE_EXTENSIONS: ReadonlySet<string> = new Set(['html', 'htm', 'php', 'asp', 'aspx', 'jsp', 'shtml', 'cgi', 'pl']);
const NOT_PAGES = /^\/(?:api\/|pixel\.gif|\.well-known\/|wp-admin\/|wp-json\/|xmlrpc\.php|_next\/|static\/|assets\/)/i;

export function parseCombinedLine(line: string, site: string): LogLine {
  const m = COMBINED.exec(line);
  if (!m) return { skip: 'malformed' };
  const receivedAt = parseCombinedTime(m[2]!);
  const [method, target] = unescapeLog(m[3]!).split(' ');
  if (receivedAt === null || method === undefined || target === undefined) return { skip: 'malformed' };
  return toHit({ ip: m[1]!, receivedAt, method, target, status: Number(m[4]), referer: unescapeLog(m[5] ?? ''), userAgent: unescapeLog(m[6] ?? ''), site });
}

/** Caddy: {"ts":…, "request":{"client_ip"|"remote_ip", "method", "host", "uri", "headers":{…}}, "status":…}. */
export function parseCaddyLine(line: string, site: string | null): LogLine {
  let entry: { ts?: unknown; status?: unknown; request?: Record<string, unknown> };
  try {
    entry = JSON.parse(line) as typeof entry;
  } catch {
    return { skip: 'malformed' };
  }
  const r = entry?.request;
  if (typeof r !== 'object' || r === null) return { skip: 'malformed' };
  const headers = (typeof r.headers === 'object' && r.headers !== null ? r.headers : {}) as Record<string, unknown>;
  const receivedAt = typeof entry.ts === 'number' ? Math.round(entry.ts * 1000) : typeof entry.ts === 'string' ? Date.parse(entry.ts) : NaN;
  const ip = text(r.client_ip) || text(r.remote_ip) || text(r.remote_addr).replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const host = site ?? normalizeDomain(text(r.host));
  if (!Number.isFinite(receivedAt) || host === null) return { skip: 'malformed' };
  return toHit({ ip, receivedAt, method: text(r.method), target: text(r.uri), status: Number(entry.status), referer: header(headers, 'Referer'), userAgent: header(headers, 'User-Agent'), site: host });
}

interface LogFields {
  ip: string; receivedAt: number; method: string; target: string; status: number; referer: string; userAgent: string; site: string;
}

function toHit(f: LogFields): LogLine {
  const path = pathOf(f.target);
  if (path === null) return { skip: 'malformed' };
  if (f.method !== 'GET' || !((f.status >= 200 && f.status < 300) || f.status === 304) || !isPage(path)) return { skip: 'not_a_page' };
  const wire: WireEvent = {
    name: 'pageview', url: `https://${f.site}${path}`, path: null, domain: f.site, referrer: f.referer === '-' || f.referer === '' ? null : f.referer,
    title: null, screen: null, props: null, revenue: null, interactive: true, hashMode: false, scrollDepth: null, engagedMs: null,
  };
  return { wire, facts: { ip: f.ip, userAgent: f.userAgent === '-' ? '' : f.userAgent, referer: null, receivedAt: f.receivedAt } };
}

/** The path and query of an origin-form ("/a?b") or absolute-form ("http://h/a") request target. */
function pathOf(target: string): string | null {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

export function isPage(pathAndQuery: string): boolean {
  const path = pathAndQuery.split(/[?#]/, 1)[0]!;
  if (NOT_PAGES.test(path)) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot <= 0 || PAGE_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

/** "10/Oct/2000:13:55:36 -0700" -> epoch ms. */
function parseCombinedTime(value: string): number | null {
  const m = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(value);
  const month = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  if (!m || month === undefined) return null;
  const offset = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) - offset;
}

/** nginx writes `"` as \x22, Apache as \"; both escape the backslash. */
function unescapeLog(value: string): string {
  return value.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_, hex: string | undefined, char: string | undefined) => (hex ? String.fromCharCode(parseInt(hex, 16)) : char!));
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Caddy logs headers as arrays of values under their canonical names. */
function header(headers: Record<string, unknown>, name: string): string {
  const value = headers[name];
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : text(value);
}
