// Referrer -> normalised referrer, source name and acquisition channel (GA4-style default grouping).
import { Lru } from './lru.ts';
import { compactName, loadSourceTables, type SourceCategory, type SourceInfo, type SourceTables as Tables } from './referrer-extra.ts';
import { redactPath } from './redact.ts';
import { MAX_URL_LENGTH, capLength, decodePath, normalizeHostname, trimSlashes } from './url.ts';

export type Channel = 'Direct' | 'Organic Search' | 'Paid Search' | 'Organic Social' | 'Paid Social'
  | 'Email' | 'Affiliates' | 'Display' | 'Organic Video' | 'Paid Video' | 'Organic Shopping'
  | 'Paid Shopping' | 'AI Assistants' | 'Audio' | 'SMS' | 'Cross-network' | 'Referral' | 'Unknown';

export interface ReferrerInfo { referrer: string | null; source: string | null; channel: Channel }
export interface UtmTriple { utmSource: string | null; utmMedium: string | null; utmCampaign: string | null }
export type ReferrerClassifier = (referrer: string | null, pageHostname: string | null, utm: UtmTriple) => ReferrerInfo;

const GOOGLE: SourceInfo = { name: 'Google', category: 'search' };
/** google.<any TLD>: upstream lists many, but not all, of Google's country domains. */
const GOOGLE_HOST = /(?:^|\.)google\.(?:com?\.)?[a-z]{2,3}$/;
const SCHEMELESS = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:[/?#]|$)/i;
/** Longer keys are classified but not cached, so hostile referrers cannot bloat the cache. */
const MAX_CACHED_KEY = 1024;

export function createReferrerClassifier(opts: { cacheSize?: number } = {}): ReferrerClassifier {
  const tables = loadSourceTables();
  const cache = new Lru<string, ReferrerInfo>(opts.cacheSize ?? 10_000);
  return (referrer, pageHostname, utm) => {
    const key = `${referrer ?? ''}\u0000${pageHostname ?? ''}\u0000${utm.utmSource ?? ''}\u0000${utm.utmMedium ?? ''}\u0000${utm.utmCampaign ?? ''}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    // Frozen: the same object is handed to every hit with this key.
    const info = Object.freeze(classify(tables, referrer, pageHostname, utm));
    if (key.length <= MAX_CACHED_KEY) cache.set(key, info);
    return info;
  };
}

function classify(t: Tables, referrer: string | null, pageHostname: string | null, utm: UtmTriple): ReferrerInfo {
  const ref = referrer === null ? null : parseReferrer(referrer);
  // A referrer from the site itself (www or not) is navigation, not acquisition.
  const external = ref !== null && (pageHostname === null || ref.host !== normalizeHostname(pageHostname)) ? ref : null;
  const utmSource = nonEmpty(utm.utmSource);
  let info: SourceInfo | undefined;
  let source: string | null = null;
  if (utmSource !== null) {
    // Like Plausible: a tagged link names its source, whatever the referrer says.
    info = lookupUtmSource(t, utmSource);
    source = info?.name ?? utmSource;
  } else if (external !== null) {
    info = lookupHost(t, external.host, external.path);
    source = info?.name ?? external.host;
  }
  return {
    // Host and path only (the query and fragment were never kept), ids in the path masked.
    referrer: external === null ? null : capLength(trimSlashes(external.host + redactPath(external.path)), MAX_URL_LENGTH),
    source,
    channel: channelOf(info?.category ?? null, source !== null, utm),
  };
}

/** GA4's default channel grouping, in Plausible's order of precedence. */
export function channelOf(category: SourceCategory | null, hasSource: boolean, utm: UtmTriple): Channel {
  const medium = (utm.utmMedium ?? '').trim().toLowerCase();
  const campaign = (utm.utmCampaign ?? '').trim().toLowerCase();
  const utmSource = (utm.utmSource ?? '').trim().toLowerCase();
  if (!hasSource && medium === '' && campaign === '') return 'Direct';
  if (campaign.includes('cross-network')) return 'Cross-network';
  const paid = medium.includes('cp') || medium === 'ppc' || medium === 'retargeting' || medium.startsWith('paid');
  const shopping = category === 'shopping' || /(?:^|[^a-df-z])shop|shopping/.test(campaign);
  if (paid && shopping) return 'Paid Shopping';
  if (paid && category === 'search') return 'Paid Search';
  if (paid && category === 'social') return 'Paid Social';
  if (paid && category === 'video') return 'Paid Video';
  if (DISPLAY_MEDIUMS.has(medium)) return 'Display';
  // GA4 calls this "Paid Other"; our closed channel list files it under Unknown.
  if (paid) return 'Unknown';
  if (category === 'ai') return 'AI Assistants';
  if (shopping) return 'Organic Shopping';
  if (category === 'social' || SOCIAL_MEDIUMS.has(medium)) return 'Organic Social';
  if (category === 'video' || medium.includes('video')) return 'Organic Video';
  if (category === 'search') return 'Organic Search';
  if (category === 'email' || EMAIL.test(utmSource) || EMAIL.test(medium)) return 'Email';
  if (medium === 'affiliate') return 'Affiliates';
  if (medium === 'audio') return 'Audio';
  if (utmSource === 'sms' || medium === 'sms') return 'SMS';
  if (category === 'ads') return 'Display';
  if (hasSource || REFERRAL_MEDIUMS.has(medium)) return 'Referral';
  return 'Unknown';
}

const DISPLAY_MEDIUMS: ReadonlySet<string> = new Set(['display', 'banner', 'expandable', 'interstitial', 'cpm']);
const SOCIAL_MEDIUMS: ReadonlySet<string> = new Set(['social', 'social-network', 'social-media', 'sm', 'social network', 'social media']);
const REFERRAL_MEDIUMS: ReadonlySet<string> = new Set(['referral', 'app', 'link']);
const EMAIL = /e[-_ ]?mail|newsletter/;

/**
 * The referrer's host as classification sees it (lowercase, no www, no port or userinfo;
 * android-app:// gives the app id), or null when absent or malformed. For the spam check,
 * so that it and the classifier can never disagree about which host a referrer names.
 */
export function referrerHost(raw: string | null): string | null {
  if (raw === null) return null;
  // Memoised: the spam check runs this on every hit, and URL parsing is the costly part.
  const cached = hostCache.get(raw);
  if (cached !== undefined) return cached;
  const host = parseReferrer(raw)?.host ?? null;
  if (raw.length <= MAX_CACHED_KEY) hostCache.set(raw, host);
  return host;
}

/** A pure function's memo, so one process-wide cache is safe. */
const hostCache = new Lru<string, string | null>(10_000);

/** Host without www + decoded path; android-app:// referrers yield the app id as host. */
function parseReferrer(raw: string): { host: string; path: string } | null {
  let text = raw.trim();
  if (text === '') return null;
  if (!text.includes('://') && SCHEMELESS.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol === 'android-app:' && url.hostname !== '') return { host: url.hostname.toLowerCase(), path: '' };
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') return null;
  return { host: normalizeHostname(url.hostname), path: decodePath(url.pathname) };
}

/** Exact host, then each parent domain (a.b.example.com -> b.example.com -> example.com). */
function lookupHost(t: Tables, host: string, path: string): SourceInfo | undefined {
  for (let candidate = host; candidate.includes('.'); candidate = candidate.slice(candidate.indexOf('.') + 1)) {
    const rules = t.paths.get(candidate);
    if (rules !== undefined) {
      for (const [prefix, info] of rules) if (path === prefix || path.startsWith(`${prefix}/`)) return info;
    }
    const info = t.hosts.get(candidate);
    if (info !== undefined) return info;
  }
  return GOOGLE_HOST.test(host) ? GOOGLE : undefined;
}

function lookupUtmSource(t: Tables, utmSource: string): SourceInfo | undefined {
  const lower = utmSource.toLowerCase();
  // Tags such as utm_source=chatgpt.com name a host rather than a source.
  return t.names.get(lower) ?? t.names.get(compactName(lower))
    ?? (lower.includes('.') ? lookupHost(t, normalizeHostname(lower), '') : undefined);
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
