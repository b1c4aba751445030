// Funnels: 2..8 goals counted in order within a visit. Resolves the date range like a stats
// query, runs the funnel SQL, and presents visitors, drop-off and conversion per step.
import type { Db } from '../store/duckdb.ts';
import { resolveDateRange, type RangeContext, type ResolvedRange } from './date-range.ts';
import { withDeadline, type EventQueries } from '../store/event-queries.ts';
import { checkFilterLimits } from './filter-limits.ts';
import { checkGoalFilters } from './goals.ts';
import type { GoalSpec } from '../store/goal-store.ts';
import { roundTo } from './metrics.ts';
import { isTimeDimension, type DateRangeInput, type Filter } from './model.ts';
import { firstEventMs, loadSite } from './site.ts';
import { filterDimensions } from './sql/filters.ts';
import { dialectOf } from './sql/engine-dialect.ts';
import { buildFunnelSql, type FunnelSqlQuery } from './sql/funnel-sql.ts';
import { offsetSpans } from './zone-offsets.ts';

export const MIN_FUNNEL_STEPS = 2;
export const MAX_FUNNEL_STEPS = 8;

export interface FunnelQuery {
  site: string;
  dateRange: DateRangeInput;
  date: string | null;
  filters: Filter[];
  steps: GoalSpec[];
  /** Seconds from the first step's event within which every later step must happen; null: the visit. */
  windowSeconds: number | null;
}

export interface FunnelStep {
  step: number;
  goal: string;
  visitors: number;
  /** % of the visitors who entered (reached step 1). */
  conversion_rate: number;
  /** % of the previous step's visitors (100 for step 1 when anyone entered). */
  conversion_rate_step: number;
  /** Visitors of the previous step who did not reach this one (0 for step 1). */
  dropoff: number;
  dropoff_rate: number;
}

export interface FunnelResult {
  steps: FunnelStep[];
  entering_visitors: number;
  converted_visitors: number;
  conversion_rate: number;
  meta: { date_range: [string, string]; window_seconds: number | null; warnings?: string[] };
}

export interface FunnelDeps {
  db: Db;
  now: () => number;
  /** Where the store's events are queried. */
  events: EventQueries;
  /** As for stats queries (runner.ts): the most its statements may take together. */
  timeoutMs?: number;
}

export async function runFunnel(deps: FunnelDeps, q: FunnelQuery, goals: readonly GoalSpec[]): Promise<FunnelResult> {
  const events = withDeadline(deps.events, deps.timeoutMs);
  const site = await loadSite(deps.db, q.site);
  checkFilterLimits(q.filters);
  checkGoalFilters(q.filters, goals);
  const ctx: RangeContext = { tz: site.tz, now: deps.now(), date: q.date, firstEventMs: q.dateRange === 'all' ? await firstEventMs(events, q.site) : null };
  const range = resolveDateRange(q.dateRange, ctx);
  const { sql, params } = buildFunnelSql(funnelSqlQuery(q, site.tz, range, goals), dialectOf(events));
  const rows = await events.all<{ step: unknown; visitors: unknown }>(sql, params);
  const counts = q.steps.map((_, i) => Number(rows.find((r) => Number(r.step) === i + 1)?.visitors ?? 0));
  return presentFunnel(q, counts, range, site.warning ? [site.warning] : []);
}

export function funnelSqlQuery(q: FunnelQuery, tz: string, range: ResolvedRange, goals: readonly GoalSpec[]): FunnelSqlQuery {
  const local = q.filters.flatMap(filterDimensions).some(isTimeDimension);
  return {
    site: q.site, start: range.start, end: range.end, spans: local ? offsetSpans(tz, range.start, range.end) : [],
    filters: q.filters, steps: q.steps, windowMs: q.windowSeconds === null ? null : q.windowSeconds * 1000, goals,
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? roundTo((part * 100) / whole, 2) : 0);

/** Visitors per step -> the response (shared with the reference so both present alike). */
export function presentFunnel(q: FunnelQuery, counts: number[], range: ResolvedRange, warnings: string[]): FunnelResult {
  const first = counts[0] ?? 0;
  const steps = counts.map((visitors, i): FunnelStep => {
    const previous = i === 0 ? first : counts[i - 1]!;
    const dropoff = previous - visitors;
    return {
      step: i + 1, goal: q.steps[i]!.name, visitors, conversion_rate: pct(visitors, first), conversion_rate_step: pct(visitors, previous),
      dropoff, dropoff_rate: pct(dropoff, previous),
    };
  });
  const last = counts.at(-1) ?? 0;
  return {
    steps, entering_visitors: first, converted_visitors: last, conversion_rate: pct(last, first),
    meta: { date_range: [new Date(range.start).toISOString(), new Date(range.end).toISOString()], window_seconds: q.windowSeconds, ...(warnings.length ? { warnings } : {}) },
  };
}
