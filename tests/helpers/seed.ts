// Test and bench data: append Event rows straight into `events` with the DuckDB Appender, and a
// deterministic generator of realistic traffic (sessions, bounces, engagement, goals, revenue).
import { DuckDBDecimalValue, DuckDBMapValue, DuckDBTimestampTZValue, type DuckDBAppender, type DuckDBMapType } from '@duckdb/node-api';
import type { Device, Event } from '../../src/event.ts';
import { EVENT_COLUMNS, type EventColumn } from '../../src/event-columns.ts';
import type { Db } from '../../src/store/duckdb.ts';
import { seededRandom } from '../../src/transfer/apportion.ts';

export async function seedSite(db: Db, domain: string, timezone = 'UTC'): Promise<void> {
  await db.run('INSERT INTO sites (domain, timezone) VALUES ($1, $2) ON CONFLICT (domain) DO UPDATE SET timezone = excluded.timezone', [domain, timezone]);
}

export async function seedEvents(db: Db, rows: Iterable<Event>): Promise<number> {
  const appender = await db.connection.createAppender('events');
  const mapType = appender.columnType(EVENT_COLUMNS.findIndex((c) => c.kind === 'json')) as DuckDBMapType;
  let n = 0;
  for (const e of rows) {
    appendEvent(appender, e, mapType);
    n++;
  }
  appender.flushSync();
  appender.closeSync();
  return n;
}

/** Appends one row in the table's column order (event-columns.ts). */
export function appendEvent(a: DuckDBAppender, e: Event, mapType: DuckDBMapType): void {
  for (const c of EVENT_COLUMNS) {
    const value = e[c.key];
    if (value === null) a.appendNull();
    else appendValue(a, c, value, mapType);
  }
  a.endRow();
}

function appendValue(a: DuckDBAppender, c: EventColumn, value: NonNullable<Event[keyof Event]>, mapType: DuckDBMapType): void {
  switch (c.kind) {
    case 'uint64':
      return a.appendUBigInt(value as bigint);
    case 'time':
      return a.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(value as number) * 1000n));
    case 'text':
      return a.appendVarchar(value as string);
    case 'int':
      return appendInt(a, c, value as number);
    // DECIMAL(18, 4): the scaled integer, so cents survive exactly.
    case 'decimal':
      return a.appendDecimal(new DuckDBDecimalValue(BigInt(Math.round((value as number) * 10_000)), 18, 4));
    case 'json':
      return a.appendMap(new DuckDBMapValue(Object.entries(value as Record<string, string>).map(([key, v]) => ({ key, value: v }))), mapType);
  }
}

function appendInt(a: DuckDBAppender, c: EventColumn, value: number): void {
  switch (c.duckdb) {
    case 'UTINYINT':
      return a.appendUTinyInt(value);
    case 'USMALLINT':
      return a.appendUSmallInt(value);
    case 'UINTEGER':
      return a.appendUInteger(value);
    default:
      throw new Error(`the seeder cannot append ${c.duckdb} (${c.name})`);
  }
}

const NULLS = Object.fromEntries(EVENT_COLUMNS.filter((c) => c.nullable).map((c) => [c.key, null]));

/** An Event with every optional field NULL; tests override what they care about. */
export function makeEvent(partial: Partial<Event> & Pick<Event, 'id' | 'ts' | 'site' | 'name' | 'visitorId' | 'sessionId'>): Event {
  return { ...NULLS, ...partial } as Event;
}

/** The importer's deterministic PRNG (mulberry32), so seeded data is reproducible. */
export const makeRandom = seededRandom;

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** Zipf-ish: a few values get most of the traffic, as real pages and referrers do. */
const pickSkewed = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(xs.length * r() ** 3)]!;

const PAGES = ['/', '/pricing', '/blog', '/docs', '/about', '/signup', '/login', '/contact', ...Array.from({ length: 292 }, (_, i) => `/blog/post-${i + 1}`)];
const SOURCES: readonly [string | null, string | null, string][] = [
  [null, null, 'Direct'], ['Google', 'https://www.google.com/', 'Organic Search'], ['Bing', 'https://www.bing.com/', 'Organic Search'],
  ['DuckDuckGo', 'https://duckduckgo.com/', 'Organic Search'], ['Twitter', 'https://t.co/abc', 'Organic Social'],
  ['Reddit', 'https://www.reddit.com/r/selfhosted/', 'Organic Social'], ['Hacker News', 'https://news.ycombinator.com/', 'Referral'],
  ['GitHub', 'https://github.com/', 'Referral'], ['Newsletter', null, 'Email'], ['ChatGPT', 'https://chatgpt.com/', 'AI Assistants'],
];
const PLACES = [['US', 'US-CA', 'San Francisco'], ['US', 'US-NY', 'New York'], ['DE', 'DE-BE', 'Berlin'], ['DE', 'DE-BY', 'Munich'], ['FR', 'FR-IDF', 'Paris'], ['GB', 'GB-ENG', 'London'], ['IN', 'IN-KA', 'Bengaluru'], ['BR', 'BR-SP', 'São Paulo'], ['JP', 'JP-13', 'Tokyo'], ['NL', null, null]] as const;
const SOFTWARE = [['Chrome', '126.0', 'Windows', '11', 'desktop', 1920, 1080], ['Chrome', '126.0', 'Android', '14', 'mobile', 412, 915], ['Safari', '17.5', 'iOS', '17.5', 'mobile', 390, 844], ['Safari', '17.5', 'Mac', '14.5', 'desktop', 1440, 900], ['Firefox', '127.0', 'Linux', null, 'desktop', 2560, 1440], ['Edge', '126.0', 'Windows', '10', 'desktop', 1366, 768], ['Safari', '17.5', 'iOS', '17.5', 'tablet', 820, 1180]] as const;
const GOALS = ['Signup', 'Download', 'Outbound Link: Click', 'Purchase'];

export interface GenerateOptions {
  sites: readonly string[];
  /** Epoch ms range the sessions start in. */
  start: number;
  end: number;
  /** Approximate number of events. */
  count: number;
  seed?: number;
  firstId?: bigint;
}

/** Realistic traffic, in time order by session start: ~4.8 events (2.8 pageviews) per visit, ~45 % bounces. */
export function* generateEvents(o: GenerateOptions): Generator<Event> {
  const r = makeRandom(o.seed ?? 1);
  const sessions = Math.max(1, Math.round(o.count / 4.8));
  const people = Math.max(1, Math.round(sessions * 0.6));
  let id = o.firstId ?? 1n;
  for (let s = 0; s < sessions; s++) {
    const start = o.start + Math.floor(((o.end - o.start) * (s + r())) / sessions);
    const person = Math.floor(r() * people);
    // A daily salt: the same person is a new visitor id every UTC day.
    const visitorId = BigInt(person) * 100_000n + BigInt(Math.floor(start / 86_400_000));
    for (const e of generateSession(r, { site: pickSkewed(r, o.sites), start, visitorId, sessionId: BigInt(s + 1) })) {
      (e as Event).id = id++;
      yield e as Event;
      if (id - (o.firstId ?? 1n) >= BigInt(o.count)) return;
    }
  }
}

interface Visit {
  site: string;
  visitorId: bigint;
  sessionId: bigint;
  attrs: readonly [string | null, string | null, string | null, boolean, string | null, string | null, string | null];
  software: (typeof SOFTWARE)[number];
  utm: readonly [string | null, string | null, string | null];
}

/** One event of a visit; a plain literal (object spread is slow here and this runs millions of times). */
function visitEvent(v: Visit, ts: number, name: string, pathname: string | null, extra: Pick<Event, 'props' | 'revenue' | 'scrollDepth' | 'engagedMs'>): Omit<Event, 'id'> {
  const [source, referrer, channel, , country, region, city] = v.attrs;
  const [browser, browserVersion, os, osVersion, device, screenWidth, screenHeight] = v.software;
  return {
    ts, site: v.site, name, visitorId: v.visitorId, sessionId: v.sessionId, hostname: v.site, pathname, title: null, referrer, source, channel,
    utmSource: v.utm[0], utmMedium: v.utm[1], utmCampaign: v.utm[2], utmContent: null, utmTerm: null, country, region, city,
    browser, browserVersion, os, osVersion, device: device as Device, screenWidth, screenHeight,
    props: extra.props, revenue: extra.revenue, scrollDepth: extra.scrollDepth, engagedMs: extra.engagedMs,
  };
}

const NO_EXTRA = { props: null, revenue: null, scrollDepth: null, engagedMs: null };

function generateSession(r: Rand, base: { site: string; start: number; visitorId: bigint; sessionId: bigint }): Omit<Event, 'id'>[] {
  const [source, referrer, channel] = pickSkewed(r, SOURCES);
  const [country, region, city] = pickSkewed(r, PLACES);
  const campaign = r() < 0.1;
  const utm = campaign ? ([(source ?? 'newsletter').toLowerCase(), pick(r, ['email', 'social', 'cpc']), pick(r, ['launch', 'spring-sale', 'weekly'])] as const) : ([null, null, null] as const);
  const v: Visit = { ...base, attrs: [source, referrer, channel, campaign, country, region, city], software: pickSkewed(r, SOFTWARE), utm };
  const events: Omit<Event, 'id'>[] = [];
  let ts = base.start;
  const pageviews = r() < 0.45 ? 1 : 2 + Math.floor(r() ** 2 * 8);
  for (let p = 0; p < pageviews; p++) {
    const pathname = p === 0 ? pickSkewed(r, PAGES) : pick(r, PAGES);
    const props = pathname.startsWith('/blog/') ? { author: pick(r, ['ada', 'grace', 'linus']) } : null;
    events.push(visitEvent(v, ts, 'pageview', pathname, { ...NO_EXTRA, props }));
    const dwell = 5_000 + Math.floor(r() ** 2 * 300_000);
    if (r() < 0.7) events.push(visitEvent(v, ts + dwell, 'engagement', pathname, { ...NO_EXTRA, scrollDepth: Math.floor(r() * 101), engagedMs: Math.floor(dwell * r()) }));
    ts += dwell + 1_000;
  }
  if (pageviews > 1 && r() < 0.15) {
    const name = pick(r, GOALS);
    const revenue = name === 'Purchase' ? Math.round(r() * 20_000) / 100 : null;
    events.push(visitEvent(v, ts, name, events[0]!.pathname, { ...NO_EXTRA, props: { plan: pick(r, ['free', 'pro', 'team']) }, revenue }));
  }
  return events;
}
