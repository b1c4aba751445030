// Runs a validated Query: resolves dates in the site's zone, builds SQL through the dialect,
// executes it, derives percentage and conversion_rate, zero-fills, compares, and presents.
import type { Db } from '../store/duckdb.ts';
import { comparisonRange, resolveDateRange, type RangeContext, type ResolvedRange } from './date-range.ts';
import { invalid, QueryTimeoutError } from '../errors.ts';
import { presentResult, type QueryResult, type RawRow } from './present.ts';
import { isTimeDimension, timeUnitOf, type Query } from './model.ts';
import { checkGoalFilters } from './goals.ts';
import { loadGoalSpecs, type GoalSpec } from '../store/goal-store.ts';
import { addGoalCounts } from './metrics.ts';
import { effectiveOrder, sqlOrderKey } from './order.ts';
import { firstEventMs, loadSite } from './site.ts';
import { buildCountSql, buildSql, type EventSource, type SqlQuery } from './sql/build.ts';
import { withRollups } from './rollup/with-rollups.ts';
import { withDeadline, type EventQueries } from '../store/event-queries.ts';
import { dialectOf } from './sql/engine-dialect.ts';
import { filterDimensions, filterPatterns } from './sql/filters.ts';
import { Params } from './sql/params.ts';
import { isSqlMetric, type SqlMetric } from './sql/sides.ts';
import { goalFilterIndexes, isGoalDimension, zeroFills } from './validate.ts';
import { checkTimeBuckets } from './time-labels.ts';
import { offsetSpans } from './zone-offsets.ts';

export interface RunnerDeps {
  db: Db;
  /** Epoch ms; injected so tests can stand at any moment. */
  now: () => number;
  /** Where the store's events are queried (the Store's). */
  events: EventQueries;
  /** False to answer from events alone, ignoring the daily rollups (benchmarks, tests). */
  rollups?: boolean;
  /** How long all of a query's statements may run together before it fails with query_timeout; none by default. */
  timeoutMs?: number;
}

export async function runQuery(given: RunnerDeps, query: Query): Promise<QueryResult> {
  const deps: RunnerDeps = { ...given, events: withDeadline(given.events, given.timeoutMs) };
  const site = await loadSite(deps.db, query.site);
  const needsFirst = query.dateRange === 'all';
  const ctx: RangeContext = { tz: site.tz, now: deps.now(), date: query.date, firstEventMs: needsFirst ? await firstEventMs(deps.events, query.site) : null };
  const range = resolveDateRange(query.dateRange, ctx);
  const compRange = query.include.comparison ? comparisonRange(range, query.include.comparison, ctx) : null;
  checkBuckets(query, range, compRange);
  await checkPatterns(deps, query);
  // Goals matter only to event:goal; most queries skip the lookup.
  const goals = [...query.dimensions, ...query.filters.flatMap(filterDimensions)].includes('event:goal') ? await loadGoalSpecs(deps.db, query.site) : [];
  checkGoalFilters(query.filters, goals);
  const siteCtx: SiteContext = { tz: site.tz, goals };
  // Independent reads, run at once (DuckDB answers them on separate connections).
  const [main, totalRows, comparisonRows] = await Promise.all([
    fetchRows(deps, query, siteCtx, range, !zeroFills(query)),
    query.include.totalRows && !zeroFills(query) ? countRows(deps, query, siteCtx, range) : null,
    compRange ? fetchRows(deps, query, siteCtx, compRange, false) : null,
  ]);
  const comparison = compRange && comparisonRows ? { range: compRange, rows: comparisonRows } : null;
  return presentResult({ query, tz: site.tz, range, rows: main, totalRows, comparison, warnings: site.warning ? [site.warning] : [] });
}

/** A time dimension's buckets are capped before any SQL runs, over both ranges. */
function checkBuckets(q: Query, range: ResolvedRange, comparison: ResolvedRange | null): void {
  const time = q.dimensions.find(isTimeDimension);
  if (!time) return;
  checkTimeBuckets(timeUnitOf(time), range.start, range.end);
  if (comparison) checkTimeBuckets(timeUnitOf(time), comparison.start, comparison.end, 'include.comparisons', 'the comparison range');
}

/** What a query needs to know about its site besides the domain. */
export interface SiteContext {
  tz: string;
  goals: readonly GoalSpec[];
}

/** Rows of one range with SQL metrics and the derived ones, unrounded. */
export async function fetchRows(deps: RunnerDeps, q: Query, site: SiteContext, range: ResolvedRange, paginate: boolean): Promise<RawRow[]> {
  const rows = await runSql(deps, sqlQuery(q, site.tz, range, paginate, site.goals), site.tz);
  if (q.metrics.includes('percentage')) {
    const [total] = await runSql(deps, sqlQuery({ ...q, metrics: ['visitors'], dimensions: [], orderBy: [] }, site.tz, range, false, site.goals), site.tz);
    const all = total?.values.visitors ?? 0;
    for (const r of rows) r.values.percentage = all > 0 ? ((r.values.visitors ?? 0) * 100) / all : 0;
  }
  if (q.metrics.includes('conversion_rate')) await addConversionRates(deps, q, site, range, rows);
  addGoalCounts(q.metrics, rows);
  return rows;
}

/** conversion_rate = converted visitors / visitors without the goal (event:name, event:goal) filters, per group. */
async function addConversionRates(deps: RunnerDeps, q: Query, site: SiteContext, range: ResolvedRange, rows: RawRow[]): Promise<void> {
  const goals = new Set(goalFilterIndexes(q.filters));
  const kept = q.dimensions.map((d, i) => (isGoalDimension(d) ? -1 : i)).filter((i) => i >= 0);
  const base: Query = { ...q, metrics: ['visitors'], filters: q.filters.filter((_, i) => !goals.has(i)), dimensions: kept.map((i) => q.dimensions[i]!), orderBy: [] };
  const denominators = new Map<string, number>();
  for (const r of await runSql(deps, sqlQuery(base, site.tz, range, false, site.goals), site.tz)) denominators.set(JSON.stringify(r.dimensions), r.values.visitors ?? 0);
  for (const r of rows) {
    const all = denominators.get(JSON.stringify(kept.map((i) => r.dimensions[i]))) ?? 0;
    r.values.conversion_rate = all > 0 ? ((r.values.visitors ?? 0) * 100) / all : 0;
  }
}

/** The SQL metrics a query computes: its own plus those its derived metrics are made from. */
function sqlMetrics(q: Query): SqlMetric[] {
  const metrics = q.metrics.filter(isSqlMetric);
  const needs = (m: SqlMetric) => !metrics.includes(m) && q.metrics.some((d) => !isSqlMetric(d) && sqlOrderKey(d) === m);
  return [...metrics, ...(needs('visitors') ? ['visitors' as const] : []), ...(needs('events') ? ['events' as const] : [])];
}

export function sqlQuery(q: Query, tz: string, range: ResolvedRange, paginate: boolean, goals: readonly GoalSpec[] = []): SqlQuery {
  const metrics = sqlMetrics(q);
  // A zero-filled series is ordered by time; other unpaginated fetches only need a stable order.
  const order = effectiveOrder(q.metrics, q.dimensions, q.orderBy);
  return {
    site: q.site, start: range.start, end: range.end, spans: usesLocalTime(q) ? offsetSpans(tz, range.start, range.end) : [], metrics, dimensions: q.dimensions, filters: q.filters, order,
    limit: paginate ? q.limit : null, offset: paginate ? q.offset : 0, goals,
  };
}

/** Time dimensions (grouped or filtered on) need the zone's offsets over the range. */
function usesLocalTime(q: Query): boolean {
  return [...q.dimensions, ...q.filters.flatMap(filterDimensions)].some(isTimeDimension);
}

/** Runs one built statement, through the daily rollups when they can answer it (rollup/). */
function viaRollups<T>(deps: RunnerDeps, sq: SqlQuery, tz: string, run: (source: EventSource) => Promise<T>): Promise<T> {
  const events = deps.events;
  if (deps.rollups === false) return run({ kind: 'range' });
  return withRollups(deps.db, dialectOf(events), sq, tz, run);
}

async function runSql(deps: RunnerDeps, sq: SqlQuery, tz: string): Promise<RawRow[]> {
  const events = deps.events;
  const rows = await viaRollups(deps, sq, tz, (source) => {
    const { sql, params } = buildSql(sq, dialectOf(events), source);
    return events.all(sql, params);
  });
  return rows.map((row) => ({
    dimensions: sq.dimensions.map((_, i) => toLabel(row[`d${i}`])),
    values: Object.fromEntries(sq.metrics.map((m) => [m, toNumber(row[m])])),
  }));
}

async function countRows(deps: RunnerDeps, q: Query, site: SiteContext, range: ResolvedRange): Promise<number> {
  const events = deps.events;
  const sq = sqlQuery(q, site.tz, range, false, site.goals);
  const [row] = await viaRollups(deps, sq, site.tz, (source) => {
    const { sql, params } = buildCountSql(sq, dialectOf(events), source);
    return events.all<{ total_rows: bigint | string }>(sql, params);
  });
  return Number(row?.total_rows ?? 0);
}

/** Patterns are checked by the engine itself so a bad one is a 400 naming the filter, not a 500. */
async function checkPatterns(deps: RunnerDeps, q: Query): Promise<void> {
  const events = deps.events;
  const dialect = dialectOf(events);
  for (const { pattern, path } of q.filters.flatMap((f, i) => filterPatterns(f, `filters[${i}]`))) {
    try {
      const params = new Params(dialect);
      await events.all(dialect.regexCheck(params.add(pattern)), params.values);
    } catch (error) {
      if (error instanceof QueryTimeoutError) throw error;
      const reason = String((error as Error).message ?? '').replace(/^[A-Za-z ]*Error: /, '').split('\n')[0]!.slice(0, 200);
      throw invalid(path, `invalid regular expression (RE2 syntax): ${reason}`);
    }
  }
}

function toLabel(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'bigint' ? Number(v) : Number(v);
}
