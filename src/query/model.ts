// The typed query model: closed enums for metrics, dimensions and operators, and the Query shape.
// Everything that reaches the SQL builder is one of these types; strings from clients are
// turned into them by the schema (query-schema.ts) and nothing else.

export const METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration',
  'events',
  'conversion_rate',
  'time_on_page',
  'scroll_depth',
  'total_revenue',
  'average_revenue',
  'percentage',
  'conversions',
  'converted_visitors',
] as const;
export type Metric = (typeof METRICS)[number];

export const SIMPLE_DIMENSIONS = [
  'event:page',
  'event:hostname',
  'event:name',
  'event:goal',
  'event:prop_key',
  'visit:entry_page',
  'visit:exit_page',
  'visit:source',
  'visit:referrer',
  'visit:channel',
  'visit:utm_source',
  'visit:utm_medium',
  'visit:utm_campaign',
  'visit:utm_content',
  'visit:utm_term',
  'visit:country',
  'visit:region',
  'visit:city',
  'visit:browser',
  'visit:browser_version',
  'visit:os',
  'visit:os_version',
  'visit:device',
  'visit:screen',
  'time:minute',
  'time:hour',
  'time:day',
  'time:week',
  'time:month',
] as const;
export type SimpleDimension = (typeof SIMPLE_DIMENSIONS)[number];

export const PROP_PREFIX = 'event:props:';
/** A custom property dimension; the key is always bound as a parameter, never spliced. */
export type PropDimension = `event:props:${string}`;
export type Dimension = SimpleDimension | PropDimension;

export const TIME_UNITS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export type TimeDimension = `time:${TimeUnit}`;

export const MATCH_OPERATORS = ['is', 'is_not', 'contains', 'contains_not', 'matches', 'matches_not'] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

/** Visit-level behaviour: the visit has (not) done an event matching the inner filter. */
export const BEHAVIOUR_OPERATORS = ['has_done', 'has_not_done'] as const;
export type BehaviourOperator = (typeof BEHAVIOUR_OPERATORS)[number];

export type Filter =
  | { op: MatchOperator; dimension: Dimension; values: string[] }
  | { op: 'and' | 'or'; filters: Filter[] }
  | { op: 'not'; filter: Filter }
  | { op: BehaviourOperator; filter: Filter };

/**
 * Dimensions that put one event in several groups (every goal it completes, every property key
 * it carries); an event in none of them is in no group.
 */
export const EXPANDING_DIMENSIONS = ['event:goal', 'event:prop_key'] as const;
export type ExpandingDimension = (typeof EXPANDING_DIMENSIONS)[number];

export function isExpandingDimension(d: Dimension): d is ExpandingDimension {
  return (EXPANDING_DIMENSIONS as readonly string[]).includes(d);
}

export const DATE_PRESETS = ['day', '7d', '28d', '30d', '91d', 'month', '6mo', '12mo', 'year', 'all'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

/**
 * A bound of a custom range: an ISO date ("2026-03-29", a whole local day), an ISO datetime
 * with or without offset (without one it is local wall time in the site's zone), or UNIX
 * seconds (the original `/analytics?start=&end=` links).
 */
export type RangeBound = string | number;
export type DateRangeInput = DatePreset | [RangeBound, RangeBound];

export type ComparisonMode = 'previous_period' | 'year_over_year' | 'custom';
export interface ComparisonInput {
  mode: ComparisonMode;
  /** Only for mode "custom". */
  dateRange?: [RangeBound, RangeBound];
}

export type Direction = 'asc' | 'desc';
export interface OrderBy {
  key: Metric | Dimension;
  direction: Direction;
}

export interface Query {
  site: string;
  dateRange: DateRangeInput;
  /** The "today" presets are relative to (YYYY-MM-DD in the site's zone); defaults to today. */
  date: string | null;
  metrics: Metric[];
  dimensions: Dimension[];
  /** Top-level filters, implicitly AND-ed. */
  filters: Filter[];
  orderBy: OrderBy[];
  include: { totalRows: boolean; timeLabels: boolean; comparison: ComparisonInput | null };
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 10_000;
export const MAX_LIMIT = 10_000;

export function isPropDimension(d: Dimension): d is PropDimension {
  return d.startsWith(PROP_PREFIX);
}

export function propKey(d: PropDimension): string {
  return d.slice(PROP_PREFIX.length);
}

export function isTimeDimension(d: Dimension): d is TimeDimension {
  return d.startsWith('time:');
}

export function timeUnitOf(d: TimeDimension): TimeUnit {
  return d.slice('time:'.length) as TimeUnit;
}

export function isMetric(key: string): key is Metric {
  return (METRICS as readonly string[]).includes(key);
}

export function isSimpleDimension(key: string): key is SimpleDimension {
  return (SIMPLE_DIMENSIONS as readonly string[]).includes(key);
}

/** Where a dimension's value lives: on each event, on the visit (first event), or in time. */
export type DimensionScope = 'event' | 'visit' | 'time';

export function dimensionScope(d: Dimension): DimensionScope {
  if (isPropDimension(d)) return 'event';
  if (isTimeDimension(d)) return 'time';
  return d.startsWith('event:') ? 'event' : 'visit';
}

/** Which family of rows a metric aggregates; decides the SQL side that computes it. */
export type MetricFamily = 'event' | 'visit' | 'engagement' | 'derived';

export function metricFamily(m: Metric): MetricFamily {
  switch (m) {
    case 'visitors':
    case 'pageviews':
    case 'events':
    case 'total_revenue':
    case 'average_revenue':
      return 'event';
    case 'visits':
    case 'views_per_visit':
    case 'bounce_rate':
    case 'visit_duration':
      return 'visit';
    case 'time_on_page':
    case 'scroll_depth':
      return 'engagement';
    case 'percentage':
    case 'conversion_rate':
    case 'conversions':
    case 'converted_visitors':
      return 'derived';
    default:
      return assertNever(m);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
