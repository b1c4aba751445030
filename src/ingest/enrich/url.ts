// Page URL normalisation: hostname, decoded pathname (plus hash in hash mode) and the kept query keys.

/** Longest pathname (and stored referrer) we keep; longer ones are cut, not rejected. */
export const MAX_URL_LENGTH = 2000;
/** Longest value kept for a campaign query parameter. */
export const MAX_QUERY_VALUE_LENGTH = 300;

/** Only campaign parameters survive: other query keys can carry tokens, emails or ids. */
const KEPT_QUERY_KEYS: ReadonlySet<string> = new Set([
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'ref', 'source',
]);

export interface PageUrl {
  hostname: string;
  pathname: string;
  query: Record<string, string>;
}

export function parsePageUrl(raw: string, hashMode: boolean): PageUrl | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // Hash routers keep the route in the fragment; otherwise it is an in-page anchor.
  const path = hashMode ? url.pathname + hashRoute(url.hash) : url.pathname;
  return {
    hostname: normalizeHostname(url.hostname),
    pathname: capLength(decodePath(path), MAX_URL_LENGTH) || '/',
    query: url.search.length > 1 ? keptQuery(url.searchParams) : {},
  };
}

/**
 * The route part of a hash-mode fragment ("#/pricing"), or "". Its own query ("#/a?token=x") is
 * dropped, and a fragment of parameters ("#access_token=...&state=...", as OAuth and magic links
 * leave them) is no route at all: either can carry a token or an e-mail address.
 */
export function hashRoute(hash: string): string {
  const mark = hash.indexOf('?');
  const route = mark === -1 ? hash : hash.slice(0, mark);
  return route.length <= 1 || route.includes('=') || route.includes('&') ? '' : route;
}

/** Lowercase, no trailing dot, no leading "www." (as Plausible: www and bare are one site). */
export function normalizeHostname(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.startsWith('www.') ? host.slice(4) : host;
}

/**
 * Percent-decodes a path for display. decodeURI keeps reserved escapes (%2F, %3F,
 * %23) so "/a%2Fb" stays distinct from "/a/b". Malformed sequences never throw:
 * each run of escapes that does not decode is kept as it arrived.
 */
export function decodePath(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURI(run);
      } catch {
        return run;
      }
    });
  }
}

/** Cuts to max UTF-16 units without leaving half a surrogate pair at the end. */
export function capLength(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** Trailing slashes dropped (as Plausible), so "example.com/" and "example.com" are one row. */
export function trimSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47) end--;
  return value.slice(0, end);
}

function keptQuery(params: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of params) {
    // First occurrence wins; empty values carry no campaign information.
    if (!KEPT_QUERY_KEYS.has(key) || Object.hasOwn(query, key)) continue;
    const trimmed = value.trim();
    if (trimmed !== '') query[key] = capLength(trimmed, MAX_QUERY_VALUE_LENGTH);
  }
  return query;
}
