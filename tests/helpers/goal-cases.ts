// Random worlds with goals, property keys and revenue, and random goal queries and funnels over
// them: shared by the goals property test (DuckDB vs the reference) and its ClickHouse twin.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Event } from '../../src/event.ts';
import { resolveDateRange } from '../../src/query/date-range.ts';
import { presentFunnel, type FunnelQuery, type FunnelResult } from '../../src/query/funnel.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import type { Query } from '../../src/query/model.ts';
import { referenceQuery } from '../reference/reference.ts';
import { referenceFunnelCounts } from '../reference/reference-funnel.ts';
import { outcome } from './query-cases.ts';
import type { GoalSpec } from '../../src/store/goal-store.ts';
import { makeEvent } from './seed.ts';

const MIN = 60_000;
export const ANCHOR = Date.parse('2026-03-29T00:30:00Z');
export const SITE = 'goals.test';

export const GOALS: GoalSpec[] = [
  { kind: 'page', name: 'Home', path: '/' },
  { kind: 'page', name: 'Blog post', path: '/blog/*' },
  { kind: 'page', name: 'Anything in blog', path: '/blog/**' },
  { kind: 'page', name: 'Odd chars', path: '/a.b(c)' },
  { kind: 'event', name: 'Signup', event: 'Signup', prop: null },
  { kind: 'event', name: 'Pro signup', event: 'Signup', prop: { key: 'plan', value: 'pro' } },
  { kind: 'event', name: 'Purchase', event: 'Purchase', prop: null },
];
const GOAL_NAMES = GOALS.map((g) => g.name);

const PAGES = ['/', '/blog/x', '/blog/x/y', '/blog', '/a.b(c)', '/aXb(c)', null];
const NAMES = ['pageview', 'pageview', 'pageview', 'engagement', 'Signup', 'Purchase'];
const PROPS: (Record<string, string> | null)[] = [null, { plan: 'pro' }, { plan: 'free' }, { plan: 'pro', ref: 'x' }, { ref: 'y' }];

const sessionArb = fc.record({
  visitor: fc.integer({ min: 1, max: 5 }),
  startMin: fc.integer({ min: -20 * 60, max: 20 * 60 }),
  source: fc.constantFrom('Google', 'Direct'),
  events: fc.array(
    fc.record({
      gapS: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 900 })),
      name: fc.constantFrom(...NAMES),
      page: fc.constantFrom(...PAGES),
      props: fc.constantFrom(...PROPS),
      cents: fc.integer({ min: 1, max: 50_000 }),
    }),
    { minLength: 1, maxLength: 7 },
  ),
});

export const worldArb = fc.array(sessionArb, { maxLength: 10 }).map((sessions) => {
  const events: Event[] = [];
  sessions.forEach((s, i) => {
    let ts = ANCHOR + s.startMin * MIN;
    for (const e of s.events) {
      ts += e.gapS * 1000;
      events.push(makeEvent({
        id: BigInt(events.length + 1), ts, site: SITE, name: e.name, visitorId: BigInt(s.visitor), sessionId: BigInt(i + 1),
        hostname: SITE, pathname: e.page, source: s.source === 'Direct' ? null : s.source, props: e.name === 'engagement' ? null : e.props,
        revenue: e.name === 'Purchase' ? e.cents / 100 : null,
      }));
    }
  });
  return events;
});

const METRIC_CHOICES = ['visitors', 'events', 'conversions', 'converted_visitors', 'conversion_rate', 'total_revenue', 'average_revenue', 'visits', 'bounce_rate', 'pageviews', 'percentage'];
const DIMENSION_CHOICES = ['event:goal', 'event:prop_key', 'event:page', 'visit:source', 'time:day', 'event:name', 'event:props:plan'];
const goalValues = fc.uniqueArray(fc.constantFrom(...GOAL_NAMES), { minLength: 1, maxLength: 2 });
const eventLeaf = fc.oneof(
  fc.tuple(fc.constantFrom('is', 'is_not'), fc.constant('event:goal'), goalValues),
  fc.tuple(fc.constantFrom('is', 'is_not'), fc.constant('event:prop_key'), fc.uniqueArray(fc.constantFrom('plan', 'ref', 'none'), { minLength: 1, maxLength: 2 })),
  fc.tuple(fc.constantFrom('is', 'contains_not'), fc.constantFrom('event:page', 'event:props:plan'), fc.uniqueArray(fc.constantFrom('/', 'blog', 'pro'), { minLength: 1, maxLength: 2 })),
);
const filterArb: fc.Arbitrary<unknown[]> = fc.oneof(
  { weight: 3, arbitrary: eventLeaf },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('has_done', 'has_not_done'), eventLeaf) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('is'), fc.constant('visit:source'), fc.constant(['Google'])) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('not'), fc.tuple(fc.constant('has_done'), eventLeaf)) },
);

const rangeArb = fc.constantFrom<[string, string] | string>(['2026-03-28', '2026-03-29'], ['2026-03-29', '2026-03-29'], 'all', ['2026-03-28T20:00:00Z', '2026-03-29T06:00:00Z']);

export const queryArb = fc
  .record({
    metrics: fc.uniqueArray(fc.constantFrom(...METRIC_CHOICES), { minLength: 1, maxLength: 4 }),
    dimensions: fc.uniqueArray(fc.constantFrom(...DIMENSION_CHOICES), { maxLength: 2 }),
    filters: fc.array(filterArb, { maxLength: 2 }),
    goalFilter: fc.option(goalValues, { nil: null }),
    range: rangeArb,
  })
  .map((r) => {
    const filters = [...r.filters, ...(r.goalFilter ? [['is', 'event:goal', r.goalFilter]] : [])];
    const hasGoal = r.goalFilter !== null || r.dimensions.some((d) => d === 'event:goal' || d === 'event:name');
    let metrics = hasGoal ? r.metrics : r.metrics.filter((m) => !['conversions', 'converted_visitors', 'conversion_rate'].includes(m));
    if (metrics.length === 0) metrics = ['visitors'];
    return { site_id: SITE, date_range: r.range, metrics, dimensions: r.dimensions, filters };
  });

export const funnelArb = fc.record({
  steps: fc.array(fc.constantFrom(...GOALS), { minLength: 2, maxLength: 4 }),
  windowSeconds: fc.constantFrom(null, 60, 600, 3600),
  filters: fc.array(filterArb, { maxLength: 1 }),
  range: rangeArb,
});


type FunnelSpec = typeof funnelArb extends fc.Arbitrary<infer T> ? T : never;

/** The moment the goal queries are asked at: the day after the worlds' anchor. */
export const goalsNow = () => ANCHOR + 86_400_000;
/** The reference's view of the one goals site. */
export const GOAL_SITES = [{ domain: SITE, tz: 'Europe/Berlin', goals: GOALS }];

/** Each valid body answered by `run` exactly as by the reference (invalid bodies are skipped). */
export async function assertGoalQueries(events: Event[], bodies: Record<string, unknown>[], run: (query: Query) => Promise<unknown>): Promise<void> {
  for (const body of bodies) {
    const parsed = await outcome(() => parseQuery(body));
    if (!('ok' in (parsed as object))) continue;
    const query = parseQuery(body);
    assert.deepStrictEqual(await outcome(() => run(query)), await outcome(() => referenceQuery(events, GOAL_SITES, query, goalsNow())), `query: ${JSON.stringify(body)}`);
  }
}

/** A random funnel as a query, and the answer the reference gives for it over `events`. */
export function funnelCase(events: Event[], f: FunnelSpec): { q: FunnelQuery; expected: FunnelResult } {
  const filters = parseQuery({ site_id: SITE, date_range: 'all', metrics: ['visitors'], filters: f.filters }).filters;
  const q: FunnelQuery = { site: SITE, dateRange: f.range as FunnelQuery['dateRange'], date: null, filters, steps: f.steps, windowSeconds: f.windowSeconds };
  const firstMs = events.length ? Math.min(...events.map((e) => e.ts)) : null;
  const range = resolveDateRange(q.dateRange, { tz: 'Europe/Berlin', now: goalsNow(), date: null, firstEventMs: firstMs });
  const counts = referenceFunnelCounts(events, q, { tz: 'Europe/Berlin', goals: GOALS }, range);
  return { q, expected: presentFunnel(q, counts, range, []) };
}
