// What a query needs from the store: which rows (events or visits), which columns, which sides.
import { dimensionScope, isExpandingDimension, isTimeDimension, type Dimension, type ExpandingDimension, type Filter, type OrderBy } from '../model.ts';
import type { GoalSpec } from '../../store/goal-store.ts';
import type { OffsetSpan } from '../zone-offsets.ts';
import { eventSourceColumns, isVisitDimension, visitSourceColumns, type ExprContext, type VisitDimension } from './columns.ts';
import type { Dialect } from './dialect.ts';
import { filterDimensions, filterSql, hasBehaviourFilter } from './filters.ts';
import { Params } from './params.ts';
import { rawColumnsOf, type PlanKind, type RawColumn, type SideName, type SqlMetric } from './sides.ts';

export interface SqlQuery {
  site: string;
  /** Epoch ms, half-open [start, end). */
  start: number;
  end: number;
  /** The site zone's UTC offsets over [start, end) (zone-offsets.ts). */
  spans: OffsetSpan[];
  metrics: SqlMetric[];
  dimensions: Dimension[];
  /** AND-ed. */
  filters: Filter[];
  /** The complete order (see order.ts); keys are metrics of this query or its dimensions. */
  order: OrderBy[];
  limit: number | null;
  offset: number;
  /** The site's goals: what event:goal groups and filters by. */
  goals: readonly GoalSpec[];
}

export interface Plan {
  q: SqlQuery;
  ctx: ExprContext;
  kind: PlanKind;
  raw: RawColumn[];
  sides: SideName[];
  visitDims: VisitDimension[];
  /** Dimensions whose CTEs expand events (one row per goal / property key), in order. */
  expand: ExpandingDimension[];
  needsVisits: boolean;
  /** The per-visit totals (v_* of `visits`) some side reads. */
  visitStats: VisitStat[];
  eventColumns: string[];
  /** The filter as SQL over a joined event+visit row (or a visit row), '' when none. */
  filter: string;
  /** Placeholders of site, start, end (bound first, so golden files stay stable). */
  range: { site: string; start: string; end: string };
}

const BASE_COLUMNS = ['id', 'ts', 'name', 'visitor_id', 'session_id'];

export type VisitStat = 'v_start' | 'v_pageviews' | 'v_events' | 'v_bounce' | 'v_duration_ms' | 'v_revenue';

/** Which per-visit totals a raw column is computed from (in a visit plan event counts are too). */
function statsFor(raw: RawColumn, kind: PlanKind): VisitStat[] {
  switch (raw.name) {
    case 'v_pageviews_sum':
      return ['v_pageviews'];
    case 'v_bounces':
      return ['v_bounce'];
    case 'v_duration_sum':
      return ['v_duration_ms'];
    case 'e_pageviews':
      return kind === 'visit' ? ['v_pageviews'] : [];
    case 'e_events':
      return kind === 'visit' ? ['v_events'] : [];
    case 'e_revenue_sum':
    case 'e_revenue_count':
      return kind === 'visit' ? ['v_revenue'] : [];
    default:
      return [];
  }
}
const SIDE_ORDER: SideName[] = ['visitors', 'event', 'visit', 'time', 'scroll'];

/** `params` is shared when several plans go into one statement (rollup/build-day.ts). */
export function makePlan(q: SqlQuery, dialect: Dialect, params = new Params(dialect)): Plan {
  const range = { site: params.add(q.site), start: params.add(iso(q.start), 'timestamp'), end: params.add(iso(q.end), 'timestamp') };
  const ctx: ExprContext = { dialect, params, spans: q.spans, goals: q.goals };
  const raw = uniqueBy(q.metrics.flatMap(rawColumnsOf), (c) => c.name);
  const sides = SIDE_ORDER.filter((s) => raw.some((c) => c.side === s));
  const mentioned = [...q.dimensions, ...q.filters.flatMap(filterDimensions)];
  const visitDims = unique(mentioned.filter(isVisitDimension));
  // Behaviour filters test the row's visit (visits.session_id), so rows always carry it then.
  const needsVisits = visitDims.length > 0 || sides.includes('visit') || q.filters.some(hasBehaviourFilter);
  // Rows can be whole visits when nothing looks inside a visit (no event or time dimension).
  const kind: PlanKind = needsVisits && mentioned.every((d) => dimensionScope(d) === 'visit') ? 'visit' : 'event';
  const eventColumns = unique([
    ...BASE_COLUMNS,
    ...mentioned.flatMap(eventSourceColumns),
    ...visitDims.flatMap(visitSourceColumns),
    ...(raw.some((c) => c.name.startsWith('e_revenue')) ? ['revenue'] : []),
  ]);
  const filter = q.filters.map((f) => filterSql(f, ctx)).join(' AND ');
  const visitStats = unique(raw.flatMap((c) => statsFor(c, kind)));
  // Visits are bucketed in time by their start.
  if (kind === 'event' && sides.includes('visit') && q.dimensions.some(isTimeDimension)) visitStats.push('v_start');
  const expand = q.dimensions.filter(isExpandingDimension);
  return { q, ctx, kind, raw, sides, visitDims, expand, needsVisits, visitStats, eventColumns, filter, range };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(key(v)) ? false : (seen.add(key(v)), true)));
}
