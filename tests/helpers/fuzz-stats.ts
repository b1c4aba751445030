// fast-check generators for every parameter of the stats API (v2 query body, v1 query strings, the
// CSV export), each field either plausible or hostile, and a runner asserting no answer >= 500.
import fc from 'fast-check';
import { METRICS, SIMPLE_DIMENSIONS, MATCH_OPERATORS, DATE_PRESETS } from '../../src/query/model.ts';
import { text } from './fuzz-requests.ts';
import { makeApp, testClock } from './app.ts';
import { generateEvents, seedEvents } from './seed.ts';
import { createApiKey } from '../../src/store/api-keys.ts';

const SITE = 'fuzz.example';

const PROTO = ['__proto__', 'constructor', 'prototype', 'toString'];
const anyJson = (): fc.Arbitrary<unknown> => fc.oneof(text(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(text(), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...PROTO, 'x'), text(), { maxKeys: 3 }));
/** Mostly a valid value from `valid`, sometimes anything at all; `odds` is valid:hostile. */
let odds = 4;
const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: odds, arbitrary: valid }, { weight: 1, arbitrary: anyJson() });

const dimension = () => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SIMPLE_DIMENSIONS) }, { weight: 1, arbitrary: fc.constantFrom('event:props:author', 'event:props:plan', 'event:props:__proto__') });
const metric = () => fc.constantFrom(...METRICS);
/** The goal metrics need a goal filter: left out where queries should mostly be valid. */
const plainMetric = () => metric().filter((m) => !['conversion_rate', 'conversions', 'converted_visitors'].includes(m));
const regex = () => fc.constantFrom('^/blog', '(a|b)*c', '[', '(?P<x>a)', '\\', 'a{1000000}', '(((((((((a)))))))))', '.*'.repeat(50), '\\p{L}+', '(?i)BLOG', '');
// Dates past 2999-12-31 must get a 400 naming the field (they once took 30 s and answered 500).
const bound = () => fc.oneof(
  fc.constantFrom('2026-06-01', '2026-05-10', '2026-06-15T10:00:00', '2026-06-15T10:00:00+14:00', '2026-06-15 23:59:59.999999Z', '2000-01-01', '2100-12-31', '2999-12-31', '9999-12-31'),
  fc.integer({ min: 0, max: 4_133_980_799 }),
);
const hostileBound = () => fc.oneof(bound(), fc.constantFrom('2026-02-30', '0000-01-01', '2026-06-15T25:61', '-1', '10000-01-01'), fc.integer({ min: -1_000, max: -1 }), fc.integer({ min: 253_402_300_800, max: 260_000_000_000 }), text());

const filter = (): fc.Arbitrary<unknown> => fc.letrec((tie) => ({
  f: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    // The fuzzed site has no goals, so an event:goal filter is always refused: rarer here.
    fc.tuple(fc.constantFrom(...MATCH_OPERATORS), dimension().filter((d) => d !== 'event:goal'), fc.array(fc.oneof(fc.constantFrom('/', '/blog', 'DE', 'Google', 'desktop', 'pro'), text(), regex()), { minLength: 1, maxLength: 4 })),
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('f'), { minLength: 1, maxLength: 3 })),
    fc.tuple(fc.constant('not'), tie('f')),
    fc.tuple(fc.constantFrom('has_done', 'has_not_done'), fc.tuple(fc.constantFrom(...MATCH_OPERATORS), fc.constantFrom('event:page', 'event:name', 'event:props:plan'), fc.array(fc.oneof(fc.constantFrom('/', 'Signup', 'pro'), regex()), { minLength: 1, maxLength: 2 })))),
})).f;

/** Near and past the cost limits: long fine-grained series (with comparisons) and wide, deep or regex-heavy filter trees. */
const costlyBody = (site: string): fc.Arbitrary<unknown> => fc.oneof(
  fc.record({
    site_id: fc.constant(site),
    date_range: fc.oneof(
      fc.tuple(fc.integer({ min: 1970, max: 2026 }), fc.integer({ min: 0, max: 40 })).map(([year, span]) => [`${year}-01-01`, `${Math.min(2999, year + span)}-12-31`]),
      fc.integer({ min: 0, max: 30 }).map((days) => ['2026-05-01', new Date(Date.parse('2026-05-01') + days * 86_400_000).toISOString().slice(0, 10)]),
    ),
    metrics: fc.constant(['visitors', 'pageviews']),
    dimensions: fc.constantFrom(['time:minute'], ['time:hour'], ['time:day'], ['time:hour', 'visit:country']),
    include: fc.record({ time_labels: fc.boolean(), comparisons: fc.option(comparison(), { nil: undefined }) }, { requiredKeys: ['time_labels'] }),
  }, { requiredKeys: ['site_id', 'date_range', 'metrics', 'dimensions', 'include'] }),
  fc.record({
    site_id: fc.constant(site),
    date_range: fc.constant('30d'),
    metrics: fc.constant(['visitors']),
    filters: fc.oneof(fc.array(bigFilter(), { minLength: 1, maxLength: 2 }), fc.array(bigFilter(), { minLength: 40, maxLength: 50 })),
  }),
);

/** One top-level filter that is large in one way: many has_done, many leaves, many values or many regexes, or deep. */
const bigFilter = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((n) => ['or', Array.from({ length: n }, (_, i) => ['has_done', ['is', 'event:page', [`/p${i}`]]])]),
  fc.integer({ min: 1, max: 100 }).map((n) => ['and', Array.from({ length: n }, (_, i) => ['contains', 'event:page', [`/p${i}`]])]),
  fc.integer({ min: 1, max: 1000 }).map((n) => ['is', 'visit:country', Array.from({ length: n }, (_, i) => `C${i}`)]),
  fc.integer({ min: 1, max: 100 }).map((n) => ['matches', 'event:page', Array.from({ length: n }, (_, i) => `^/p${i}(/.*)?$`)]),
  fc.integer({ min: 1, max: 12 }).map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ['not', inner], ['is', 'event:page', ['/']])),
);

/** A v2 body: `hostile` breaks about one field in five, otherwise about one in forty. */
export const v2Body = (site: string, hostile: boolean): fc.Arbitrary<unknown> => {
  odds = hostile ? 4 : 40;
  return v2Record(site, hostile);
};

const v2Record = (site: string, hostile: boolean): fc.Arbitrary<unknown> => fc.record({
  site_id: mostly(fc.oneof({ weight: 9, arbitrary: fc.constant(site) }, { weight: 1, arbitrary: fc.constant('other.example') })),
  date_range: mostly(fc.oneof(fc.constantFrom(...DATE_PRESETS), hostile ? fc.tuple(hostileBound(), hostileBound()) : range())),
  date: mostly(fc.constantFrom('2026-06-15', '2026-05-01', '2000-02-29')),
  metrics: mostly(fc.uniqueArray(hostile ? metric() : plainMetric(), { minLength: 1, maxLength: 6 })),
  dimensions: mostly(fc.uniqueArray(dimension(), { maxLength: 3 })),
  filters: mostly(fc.array(filter(), { maxLength: 3 })),
  include: mostly(fc.record({ total_rows: mostly(fc.boolean()), time_labels: mostly(fc.boolean()), comparisons: mostly(comparison()) }, { requiredKeys: [] })),
  pagination: mostly(fc.record({ limit: mostly(fc.integer({ min: 1, max: 10_000 })), offset: mostly(fc.integer({ min: 0, max: 1_000_000_000 })) }, { requiredKeys: [] })),
  extra: fc.dictionary(fc.constantFrom(...PROTO, 'unknown'), anyJson(), { maxKeys: 2 }),
}, { requiredKeys: hostile ? ['site_id'] : ['site_id', 'date_range', 'metrics'] }).chain(({ extra, ...body }) =>
  // Ordering by something of the query's own, or (sometimes) by anything.
  orderBy(body.metrics, body.dimensions).map((order) => ({ ...(hostile ? extra : {}), ...body, ...(order === undefined ? {} : { order_by: order }) })));

const comparison = () => fc.oneof(
  fc.record({ mode: fc.constantFrom('previous_period', 'year_over_year') }),
  fc.record({ mode: fc.constant('custom'), date_range: range() }),
);

/** A [from, to] pair in order (mostly): an empty range is only one of many ways to be refused. */
const range = () => fc.tuple(bound(), bound()).map(([a, b]) => (toMs(a) <= toMs(b) ? [a, b] : [b, a]));
const toMs = (bound: string | number) => (typeof bound === 'number' ? bound * 1000 : Date.parse(bound.length === 10 ? `${bound}T00:00:00Z` : bound));

function orderBy(metrics: unknown, dimensions: unknown): fc.Arbitrary<unknown> {
  const own = [...(Array.isArray(metrics) ? metrics : []), ...(Array.isArray(dimensions) ? dimensions : [])].filter((k) => typeof k === 'string');
  const valid: fc.Arbitrary<unknown> = own.length === 0 ? fc.constant([]) : fc.array(fc.tuple(fc.constantFrom(...own), fc.constantFrom('asc', 'desc')), { maxLength: 2 });
  return fc.option(mostly(valid), { nil: undefined });
}

/** A query-string value: plausible Plausible v1 syntax or anything. */
const v1Value = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: text() });
export const v1Url = (site: string): fc.Arbitrary<string> => fc.tuple(
  fc.constantFrom('aggregate', 'timeseries', 'breakdown', 'realtime/visitors', 'export'),
  fc.record({
    site_id: v1Value(fc.constantFrom(site, 'other.example')),
    period: v1Value(fc.constantFrom(...DATE_PRESETS, 'custom', '7d')),
    date: v1Value(fc.constantFrom('2026-06-15', '2026-06-01,2026-06-15', '2026-06-15,2026-06-01', '2026-06-01,2026-06-15,x')),
    metrics: v1Value(fc.uniqueArray(plainMetric(), { minLength: 1, maxLength: 4 }).map((m) => m.join(','))),
    filters: v1Value(fc.constantFrom('visit:country==DE|FR', 'event:page==/blog/**', 'event:page!~/a*b', 'visit:source~Goo', 'event:props:plan==pro;visit:device==desktop', 'x', '==', 'event:page==a\\|b', ';;;')),
    property: v1Value(fc.oneof(dimension(), fc.constant('event:goal'))),
    interval: v1Value(fc.constantFrom('minute', 'hour', 'date', 'day', 'week', 'month', 'year')),
    compare: v1Value(fc.constantFrom('previous_period', 'year_over_year')),
    limit: v1Value(fc.constantFrom('1', '100', '1000', '1001', '0', '-1')),
    page: v1Value(fc.constantFrom('1', '2', '1000000', '0')),
  }, { requiredKeys: [] }),
  fc.array(fc.tuple(fc.constantFrom('site_id', 'metrics', 'period', ...PROTO), text()), { maxLength: 2 }),
).map(([endpoint, params, repeated]) => {
  const pairs = [...Object.entries(params), ...repeated].map(([k, v]) => `${encode(k)}=${encode(String(v))}`);
  return `/api/v1/stats/${endpoint}?${pairs.join('&')}`;
});

export type StatsRequest = { method: 'POST'; url: string; payload: string } | { method: 'GET'; url: string };

export const statsRequest = (site: string): fc.Arbitrary<StatsRequest> => fc.oneof(
  { weight: 6, arbitrary: v2Body(site, false).map((body): StatsRequest => ({ method: 'POST', url: '/api/v2/query', payload: JSON.stringify(body) ?? 'null' })) },
  { weight: 3, arbitrary: v2Body(site, true).map((body): StatsRequest => ({ method: 'POST', url: '/api/v2/query', payload: JSON.stringify(body) ?? 'null' })) },
  { weight: 1, arbitrary: fc.oneof(text(), fc.integer({ min: 1, max: 5000 }).map((d) => '['.repeat(d) + ']'.repeat(d))).map((payload): StatsRequest => ({ method: 'POST', url: '/api/v2/query', payload })) },
  { weight: 4, arbitrary: v1Url(site).map((url): StatsRequest => ({ method: 'GET', url })) },
  { weight: 1, arbitrary: costlyBody(site).map((body): StatsRequest => ({ method: 'POST', url: '/api/v2/query', payload: JSON.stringify(body) })) },
);

export interface StatsFuzzReport {
  requests: number;
  byStatus: Record<number, number>;
  failures: string[];
}

/** An in-process app with the stats routes, a key and 40 days of traffic; `requests` fuzzed queries against it. */
export async function fuzzStats(opts: { requests: number; seed: number; log?: (line: string) => void }): Promise<StatsFuzzReport> {
  const now = Date.parse('2026-06-15T12:00:00Z');
  const t = await makeApp({ sites: [SITE], clock: testClock(now) });
  const report: StatsFuzzReport = { requests: 0, byStatus: {}, failures: [] };
  try {
    const { key } = await createApiKey(t.db, { name: 'fuzz', ratePerMinute: 1_000_000 });
    await seedEvents(t.db, generateEvents({ sites: [SITE], start: now - 40 * 86_400_000, end: now, count: 5_000, seed: 3, firstId: 1_000_000n }));
    for (let done = 0; done < opts.requests; done += 500) {
      for (const r of fc.sample(statsRequest(SITE), { numRuns: Math.min(500, opts.requests - done), seed: opts.seed + done })) {
        const res = await t.app.inject({ ...r, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
        report.requests++;
        report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) report.failures.push(report.failures.length < 20 ? `${res.statusCode} ${r.method} ${r.url.slice(0, 500)} ${'payload' in r ? r.payload.slice(0, 500) : ''}` : '');
      }
      opts.log?.(`stats: ${report.requests} queries, ${report.failures.length} answers >= 500, statuses ${JSON.stringify(report.byStatus)}`);
    }
  } finally {
    await t.close();
  }
  return report;
}

function encode(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1').replace(/[^A-Za-z0-9\-_.~:,|*\/=!]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
