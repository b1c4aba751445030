// Random worlds (events of a few sites and zones around DST changes) and random stats queries
// over them: shared by the reference property test and the cross-engine equivalence test.
import fc from 'fast-check';
import type { Event } from '../../src/event.ts';
import type { ReferenceSite } from '../reference/reference.ts';
import { METRICS, type Metric } from '../../src/query/model.ts';
import { ApiError } from '../../src/errors.ts';
import type { Db } from '../../src/store/duckdb.ts';
import { makeEvent, seedEvents, seedSite } from './seed.ts';

const DAY = 86_400_000;
const MIN = 60_000;
/** DST changes: Berlin springs forward, New York falls back, and their autumn/spring twins. */
export const ANCHORS = ['2026-03-29T01:00:00Z', '2026-11-01T06:00:00Z', '2026-03-08T07:00:00Z', '2026-10-25T01:00:00Z'].map(Date.parse);
export const ZONES = ['Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'];
export const SITES = ['a.test', 'b.test', 'c.test'];

const PAGES = ['/', '/a', '/b', '/blog/x', null];
const NAMES = ['pageview', 'pageview', 'pageview', 'engagement', 'Signup', 'Download'];
const SOURCES = ['Google', 'Direct', 'Twitter', null];
const COUNTRIES = ['DE', 'US', 'IN', null];
const DEVICES = ['desktop', 'mobile', null] as const;
const SCREENS = [[1920, 1080], [390, 844], [null, null]] as const;

export interface World {
  sites: ReferenceSite[];
  events: Event[];
  anchor: number;
}

const sessionArb = fc.record({
  site: fc.integer({ min: 0, max: 2 }),
  visitor: fc.integer({ min: 1, max: 6 }),
  startMin: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
  events: fc.array(
    fc.record({
      gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 * MIN })),
      name: fc.constantFrom(...NAMES),
      page: fc.constantFrom(...PAGES),
      source: fc.constantFrom(...SOURCES),
      country: fc.constantFrom(...COUNTRIES),
      device: fc.constantFrom(...DEVICES),
      screen: fc.constantFrom(...SCREENS),
      prop: fc.constantFrom<Record<string, string> | null>(null, { k: 'v1' }, { k: 'v2' }, { other: 'x' }),
      cents: fc.option(fc.integer({ min: 1, max: 99_999 }), { nil: null }),
      scroll: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      engaged: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: null }),
      newVisitorId: fc.integer({ min: 0, max: 7 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

export const worldArb: fc.Arbitrary<World> = fc
  .record({ anchor: fc.constantFrom(...ANCHORS), zones: fc.tuple(...SITES.map(() => fc.constantFrom(...ZONES))), sessions: fc.array(sessionArb, { maxLength: 14 }) })
  .map(({ anchor, zones, sessions }) => {
    const events: Event[] = [];
    sessions.forEach((s, i) => {
      let ts = anchor + s.startMin * MIN;
      let visitorId = BigInt(s.visitor);
      for (const e of s.events.slice(0, 60 - events.length)) {
        ts += e.gapMs;
        // A visit crossing midnight UTC carries the next day's visitor id from then on.
        if (e.newVisitorId === 0) visitorId += 100n;
        events.push(makeEvent({
          id: BigInt(events.length + 1), ts, site: SITES[s.site]!, name: e.name, visitorId, sessionId: BigInt(i + 1),
          hostname: SITES[s.site]!, pathname: e.page, source: e.source === 'Direct' ? null : e.source, country: e.country,
          device: e.device, screenWidth: e.screen[0], screenHeight: e.screen[1], props: e.prop,
          revenue: e.name === 'Download' && e.cents !== null ? e.cents / 100 : null,
          scrollDepth: e.name === 'engagement' ? e.scroll : null, engagedMs: e.name === 'engagement' ? e.engaged : null,
        }));
      }
    });
    return { anchor, sites: SITES.map((domain, i) => ({ domain, tz: zones[i]! })), events };
  });

const DIMENSIONS = ['event:page', 'event:name', 'event:props:k', 'visit:source', 'visit:entry_page', 'visit:exit_page', 'visit:country', 'visit:device', 'visit:screen', 'time:hour', 'time:day', 'time:week', 'time:month'];
const FILTER_DIMENSIONS = [...DIMENSIONS.filter((d) => !d.startsWith('time:')), 'time:day', 'event:hostname'];
const VALUES = ['/', '/a', '/b', 'pageview', 'Signup', 'v1', 'Google', 'Twitter', 'DE', 'US', 'desktop', '1920x1080', '2026-03-29', 'a.test', ''];
const PATTERNS = ['^/b', 'a$', '^(/|/a)$', 'e|g', '.*', '^D', 'v.', '\\d+x'];

const leafArb = fc.oneof(
  fc.tuple(fc.constantFrom('is', 'is_not', 'contains', 'contains_not'), fc.constantFrom(...FILTER_DIMENSIONS), fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 })),
  fc.tuple(fc.constantFrom('matches', 'matches_not'), fc.constantFrom(...FILTER_DIMENSIONS), fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 })),
);
const filterArb: fc.Arbitrary<unknown[]> = fc.oneof(
  { weight: 4, arbitrary: leafArb },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('and', 'or'), fc.array(leafArb, { minLength: 1, maxLength: 3 })) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('not'), leafArb) },
);

function dateArb(anchor: number) {
  const day = (n: number) => new Date(anchor + n * DAY).toISOString().slice(0, 10);
  const bound = fc.oneof(
    fc.integer({ min: -4, max: 3 }).map(day),
    fc.integer({ min: -4 * 24, max: 4 * 24 }).map((h) => Math.floor((anchor + h * 3_600_000) / 1000)),
    fc.integer({ min: -4 * 24, max: 4 * 24 }).map((h) => new Date(anchor + h * 3_600_000).toISOString().slice(0, 16)),
  );
  return fc.oneof(
    fc.constantFrom('day', '7d', '28d', '30d', 'month', '6mo', '12mo', 'year', 'all'),
    fc.tuple(bound, bound),
  );
}

function queryFields(w: World) {
  return fc.record({
    site: fc.constantFrom(...SITES),
    date_range: dateArb(w.anchor),
    date: fc.option(fc.integer({ min: -2, max: 3 }).map((n) => new Date(w.anchor + n * DAY).toISOString().slice(0, 10)), { nil: undefined }),
    metrics: fc.uniqueArray(fc.constantFrom(...METRICS), { minLength: 1, maxLength: 4 }),
    dimensions: fc.uniqueArray(fc.constantFrom(...DIMENSIONS), { maxLength: 2 }),
    filters: fc.array(filterArb, { maxLength: 2 }),
    goal: fc.boolean(),
    orderBy: fc.array(fc.tuple(fc.nat(5), fc.constantFrom('asc', 'desc')), { maxLength: 2 }),
    totalRows: fc.boolean(),
    timeLabels: fc.boolean(),
    comparison: fc.option(fc.constantFrom('previous_period', 'year_over_year', 'custom'), { nil: null }),
    customRange: fc.tuple(fc.integer({ min: -9, max: -5 }), fc.integer({ min: 0, max: 3 })),
    limit: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    offset: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    nowOffsetH: fc.integer({ min: -30, max: 60 }),
  });
}

type QueryFields = ReturnType<typeof queryFields> extends fc.Arbitrary<infer T> ? T : never;

export function queryArb(w: World) {
  return queryFields(w).map((r) => toBody(w, r));
}

function toBody(w: World, r: QueryFields): { body: Record<string, unknown>; now: number } {
  const times = r.dimensions.filter((d) => d.startsWith('time:'));
  const dimensions = r.dimensions.filter((d) => !d.startsWith('time:') || d === times[0]);
  const filters = [...r.filters];
  let metrics: Metric[] = r.metrics;
  // Goal metrics need a goal: a goal filter, or the event:name dimension, or they are dropped.
  const needsGoal = (m: Metric) => m === 'conversion_rate' || m === 'conversions' || m === 'converted_visitors';
  if (metrics.some(needsGoal)) {
    if (r.goal) filters.push(['is', 'event:name', ['Signup', 'Download']]);
    else if (!dimensions.includes('event:name')) metrics = metrics.filter((m) => !needsGoal(m));
    if (metrics.length === 0) metrics = ['visitors'];
  }
  const keys = [...metrics.filter((m) => m !== 'conversion_rate'), ...dimensions];
  const seen = new Set<string>();
  const orderBy = r.orderBy.flatMap(([i, dir]) => {
    const key = keys[i % Math.max(keys.length, 1)];
    if (!key || seen.has(key)) return [];
    seen.add(key);
    return [[key, dir]];
  });
  const zeroFill = r.timeLabels && dimensions.length === 1 && dimensions[0]!.startsWith('time:');
  const day = (n: number) => new Date(w.anchor + n * DAY).toISOString().slice(0, 10);
  const body: Record<string, unknown> = {
    site_id: r.site, date_range: r.date_range, metrics, dimensions, filters,
    order_by: zeroFill ? [] : orderBy,
    include: {
      total_rows: r.totalRows, time_labels: r.timeLabels,
      ...(r.comparison ? { comparisons: { mode: r.comparison, ...(r.comparison === 'custom' ? { date_range: [day(r.customRange[0]), day(r.customRange[1])] } : {}) } } : {}),
    },
    pagination: { ...(r.limit !== undefined ? { limit: r.limit } : {}), ...(r.offset !== undefined ? { offset: r.offset } : {}) },
    ...(r.date ? { date: r.date } : {}),
  };
  return { body, now: w.anchor + r.nowOffsetH * 3_600_000 };
}

/** A result or the API error it raised, so engines that fail alike compare equal. */
export async function outcome(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (error instanceof ApiError) return { error: error.code, message: error.message };
    throw error;
  }
}

/** Replaces a DuckDB store's sites and events with the world's. */
export async function loadWorld(db: Db, w: World): Promise<void> {
  for (const table of ['events', 'sites', 'visit_spans', 'rollups', 'rollup_days']) await db.run(`DELETE FROM ${table}`);
  for (const s of w.sites) await seedSite(db, s.domain, s.tz);
  await seedEvents(db, w.events);
}
