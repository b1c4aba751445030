// Plausible's CSV export (daily aggregates) -> events. Per day, visitors, visits, pageviews, bounces
// and visit duration are exact, and so are visits and visitors per source and pageviews per page and
// entry page; visits per country, device, browser and OS are exact, their visitors approximate
// (see docs/data-lifecycle.md). Events are deterministic for a file, site and day.
import type { Device, Event } from '../event.ts';
import type { ReferrerClassifier } from '../ingest/enrich/referrer.ts';
import { MAX_NAME } from '../ingest/steps/event-fields.ts';
import { seededRandom, spreadLabels, shuffle } from './apportion.ts';
import { count, planVisits, sourceBlocks, totalsOf, type Block, type PlannedVisit } from './plausible-plan.ts';
import type { PlausibleExport, PlausibleTable, Row } from './plausible-read.ts';
import { localMidnight } from './zoned-day.ts';

export interface ImportSite {
  domain: string;
  timezone: string;
}

type DayTables = Map<PlausibleTable, Row[]>;
type Fields = Omit<Event, 'id'>;

export function* plausibleEvents(data: PlausibleExport, site: ImportSite, classify: ReferrerClassifier): Generator<Fields> {
  for (const [date, tables] of byDate(data)) yield* dayEvents(date, tables, site, classify);
}

function byDate(data: PlausibleExport): Array<[string, DayTables]> {
  const days = new Map<string, DayTables>();
  for (const [table, rows] of data) {
    for (const row of rows) {
      const date = (row.date ?? '').trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
      const day = days.get(date) ?? new Map<PlausibleTable, Row[]>();
      day.set(table, [...(day.get(table) ?? []), row]);
      days.set(date, day);
    }
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b));
}

function* dayEvents(date: string, t: DayTables, site: ImportSite, classify: ReferrerClassifier): Generator<Fields> {
  const random = seededRandom(hashText(`${site.domain} ${date}`));
  const day = t.get('visitors')?.[0];
  const totals = day === undefined ? null : totalsOf(day);
  const visits = planVisits(sourceBlocks(t.get('sources') ?? [], totals), totals?.visitors ?? 0);
  if (visits.length === 0) return;
  const start = localMidnight(date, site.timezone);
  const length = localMidnight(nextDate(date), site.timezone) - start;
  const starts = shuffle(visits.map((_, k) => start + Math.floor(((k + 0.5) * length) / visits.length)), random);
  const pages = pageLabels(t, visits, random);
  const dims = dimensionLabels(t, visits.length, random);
  const visitorIds = new Map<number, bigint>();
  const acquisitions = new Map<Block, Acquisition>();
  const placed: Placed[] = [];
  for (const [i, visit] of visits.entries()) {
    const acquisition = acquisitions.get(visit.block) ?? acquisitionOf(visit.block.source, site.domain, classify);
    acquisitions.set(visit.block, acquisition);
    if (!visitorIds.has(visit.visitor)) visitorIds.set(visit.visitor, randomId(random));
    const duration = Math.min(visit.durationMs, length - 1);
    const first = Math.min(starts[i]!, start + length - 1 - duration);
    const base = { site: site.domain, visitorId: visitorIds.get(visit.visitor)!, sessionId: randomId(random), ...acquisition, ...dims(i) };
    const entry = pages.next(true);
    placed.push({ base, first, entry, bounce: visit.pageviews === 1 });
    for (let k = 0; k < visit.pageviews; k++) {
      const ts = visit.pageviews === 1 ? first : first + Math.round((k * duration) / (visit.pageviews - 1));
      yield event(base, ts, 'pageview', k === 0 ? entry : pages.next(false), site.domain);
    }
  }
  yield* customEvents(t.get('custom_events') ?? [], placed, random, site.domain);
}

interface Acquisition {
  referrer: string | null; source: string | null; channel: string | null;
  utmSource: string | null; utmMedium: string | null; utmCampaign: string | null; utmContent: string | null; utmTerm: string | null;
}

/** Plausible's source name is kept; the channel comes from our own classifier, as for live hits. */
function acquisitionOf(row: Row | null, domain: string, classify: ReferrerClassifier): Acquisition {
  const text = (key: string) => (row?.[key] ?? '').trim() || null;
  const source = text('source') === 'Direct / None' ? null : text('source');
  const utm = { utmSource: text('utm_source'), utmMedium: text('utm_medium'), utmCampaign: text('utm_campaign') };
  const referrer = text('referrer');
  const info = classify(referrer === null ? null : `https://${referrer}`, domain, { ...utm, utmSource: utm.utmSource ?? source });
  return { referrer: info.referrer, source, channel: info.channel, ...utm, utmContent: text('utm_content'), utmTerm: text('utm_term') };
}

/** Entry pages from entry_pages (by entrances) and the other pageviews from pages, both apportioned and shuffled. */
function pageLabels(t: DayTables, visits: readonly PlannedVisit[], random: () => number): { next(entry: boolean): string } {
  const pageRows = t.get('pages') ?? [];
  const entryRows = t.get('entry_pages') ?? [];
  const total = visits.reduce((a, v) => a + v.pageviews, 0);
  let entries: Array<string | null>;
  let inner: Array<string | null>;
  if (entryRows.length > 0) {
    const entrances = new Map(entryRows.map((r) => [r.entry_page ?? '', count(r.entrances)]));
    entries = spreadLabels(entryRows.map((r) => [r.entry_page ?? '/', count(r.entrances)] as const), visits.length, random);
    inner = spreadLabels(pageRows.map((r) => [r.page ?? '/', Math.max(0, count(r.pageviews) - (entrances.get(r.page ?? '') ?? 0))] as const), total - visits.length, random);
  } else {
    const all = spreadLabels(pageRows.map((r) => [r.page ?? '/', count(r.pageviews)] as const), total, random);
    entries = all.slice(0, visits.length);
    inner = all.slice(visits.length);
  }
  let e = 0;
  let n = 0;
  return { next: (entry) => (entry ? entries[e++] : inner[n++]) || '/' };
}

type Dims = Pick<Fields, 'country' | 'region' | 'city' | 'device' | 'browser' | 'browserVersion' | 'os' | 'osVersion'>;

/** Country, device, browser and OS per visit, apportioned by each table's visits. */
function dimensionLabels(t: DayTables, n: number, random: () => number): (i: number) => Dims {
  const spread = (table: PlausibleTable, label: (r: Row) => string) =>
    spreadLabels((t.get(table) ?? []).map((r) => [label(r), count(r.visits)] as const), n, random);
  const locations = spread('locations', (r) => `${r.country ?? ''}\u0000${r.region ?? ''}`);
  const devices = spread('devices', (r) => (r.device ?? '').toLowerCase());
  const browsers = spread('browsers', (r) => `${r.browser ?? ''}\u0000${r.browser_version ?? ''}`);
  const systems = spread('operating_systems', (r) => `${r.operating_system ?? ''}\u0000${r.operating_system_version ?? ''}`);
  return (i) => {
    const [country, region] = pair(locations[i]);
    const [browser, browserVersion] = pair(browsers[i]);
    const [os, osVersion] = pair(systems[i]);
    const device = devices[i];
    return {
      country: country !== null && /^[A-Z]{2}$/.test(country) ? country : null, region, city: null,
      device: device === 'desktop' || device === 'mobile' || device === 'tablet' ? (device as Device) : null,
      browser, browserVersion, os, osVersion,
    };
  };
}

function pair(label: string | null | undefined): [string | null, string | null] {
  const [a, b] = (label ?? '').split('\u0000');
  const clean = (v: string | undefined) => (v === undefined || v === '' || v === '(not set)' ? null : v);
  return [clean(a), clean(b)];
}

/** A visit as laid out: the fields its events share, and when it starts. */
interface Placed {
  base: Partial<Fields> & Pick<Fields, 'site' | 'visitorId' | 'sessionId'>;
  first: number;
  /** Its entry page: where its custom events happen unless the row names a path. */
  entry: string;
  bounce: boolean;
}

/**
 * Each custom event row: `events` events over `visitors` distinct visits of the day, at their start.
 * Visits with more than one pageview come first: an event would turn a bounce into a visit that is not one.
 */
function* customEvents(rows: readonly Row[], placed: readonly Placed[], random: () => number, domain: string): Generator<Fields> {
  const long = placed.filter((v) => !v.bounce);
  const visits = long.length > 0 ? long : placed;
  for (const row of rows) {
    const name = (row.name ?? '').trim().slice(0, MAX_NAME);
    const spreadOver = Math.max(1, Math.min(count(row.visitors), visits.length));
    const offset = Math.floor(random() * visits.length);
    const props: Record<string, string> | null = row.link_url ? { url: row.link_url } : row.path ? { path: row.path } : null;
    for (let k = 0; k < count(row.events) && name !== ''; k++) {
      const visit = visits[(offset + (k % spreadOver)) % visits.length]!;
      yield { ...event(visit.base, visit.first, name, row.path || visit.entry, domain), props };
    }
  }
}

function event(base: Partial<Fields> & Pick<Fields, 'site' | 'visitorId' | 'sessionId'>, ts: number, name: string, pathname: string | null, hostname: string): Fields {
  return {
    referrer: null, source: null, channel: null, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null,
    country: null, region: null, city: null, browser: null, browserVersion: null, os: null, osVersion: null, device: null,
    screenWidth: null, screenHeight: null, props: null, revenue: null, scrollDepth: null, engagedMs: null, title: null,
    ...base, ts, name, hostname, pathname,
  };
}

function randomId(random: () => number): bigint {
  return (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
}

function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
