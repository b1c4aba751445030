// Turns raw rows into the response: zero-filled series, comparison rows matched to main rows,
// metrics rounded for display, and meta. Pure, so the reference can be compared with it.
import type { ResolvedRange } from './date-range.ts';
import { isNullableMetric, metricChange, roundMetric } from './metrics.ts';
import { isTimeDimension, timeUnitOf, type Metric, type Query, type TimeDimension } from './model.ts';
import { queryToJson } from './query-schema.ts';
import { timeLabels } from './time-labels.ts';
import { zeroFills } from './validate.ts';

export type Label = string | null;

/** One group as computed: dimension labels and unrounded metric values. */
export interface RawRow {
  dimensions: Label[];
  values: Partial<Record<Metric, number | null>>;
}

export interface ResultRow {
  dimensions: Label[];
  metrics: (number | null)[];
  comparison?: { dimensions: Label[]; metrics: (number | null)[]; change: (number | null)[] };
}

export interface QueryResult {
  results: ResultRow[];
  meta: { time_labels?: string[]; total_rows?: number; comparison_date_range?: [string, string]; warnings?: string[] };
  query: Record<string, unknown>;
}

export interface PresentInput {
  query: Query;
  tz: string;
  range: ResolvedRange;
  /** Main rows: already ordered and paginated, unless the query zero-fills. */
  rows: RawRow[];
  totalRows: number | null;
  comparison: { range: ResolvedRange; rows: RawRow[] } | null;
  warnings: string[];
}

export function presentResult(input: PresentInput): QueryResult {
  const { query: q, tz, range } = input;
  const timeIndex = q.dimensions.findIndex(isTimeDimension);
  const labelsOf = (r: ResolvedRange) => (timeIndex < 0 ? [] : timeLabels(timeUnitOf(q.dimensions[timeIndex] as TimeDimension), r.start, r.end, tz));
  const labels = labelsOf(range);
  let rows = input.rows;
  let totalRows = input.totalRows;
  if (zeroFills(q)) {
    const filled = fillSeries(labels, rows);
    totalRows = filled.length;
    rows = filled.slice(q.offset, q.offset + q.limit);
  }
  const results: ResultRow[] = rows.map((r) => ({ dimensions: r.dimensions, metrics: present(q.metrics, r) }));
  if (input.comparison) attachComparison(q, results, input.comparison.rows, timeIndex, labels, labelsOf(input.comparison.range));
  const meta: QueryResult['meta'] = {};
  if (q.include.timeLabels && timeIndex >= 0) meta.time_labels = labels;
  if (q.include.totalRows) meta.total_rows = totalRows ?? 0;
  if (input.comparison) meta.comparison_date_range = isoRange(input.comparison.range);
  if (input.warnings.length) meta.warnings = input.warnings;
  return { results, meta, query: { ...queryToJson(q), date_range: isoRange(range) } };
}

function isoRange(r: ResolvedRange): [string, string] {
  return [new Date(r.start).toISOString(), new Date(r.end).toISOString()];
}

export function emptyValue(m: Metric): number | null {
  return isNullableMetric(m) ? null : 0;
}

function present(metrics: Metric[], r: RawRow): (number | null)[] {
  return metrics.map((m) => roundMetric(m, r.values[m] ?? emptyValue(m)));
}

/** Every label of the range gets a row; missing ones are empty groups. */
export function fillSeries(labels: string[], rows: RawRow[]): RawRow[] {
  const byLabel = new Map(rows.map((r) => [r.dimensions[0], r]));
  return labels.map((label) => byLabel.get(label) ?? { dimensions: [label], values: {} });
}

/** Comparison rows match on non-time dimensions, and on the position of their time bucket. */
function attachComparison(q: Query, results: ResultRow[], compRows: RawRow[], timeIndex: number, labels: string[], compLabels: string[]): void {
  const keyOf = (dims: Label[], ls: string[]) => JSON.stringify(dims.map((d, i) => (i === timeIndex ? ls.indexOf(d ?? '') : d)));
  const byKey = new Map(compRows.map((r) => [keyOf(r.dimensions, compLabels), r]));
  for (const row of results) {
    const match = byKey.get(keyOf(row.dimensions, labels));
    const dims = row.dimensions.map((d, i) => (i === timeIndex ? (compLabels[labels.indexOf(d ?? '')] ?? null) : d));
    const metrics = present(q.metrics, match ?? { dimensions: dims, values: {} });
    row.comparison = { dimensions: dims, metrics, change: q.metrics.map((m, i) => metricChange(m, row.metrics[i] ?? null, metrics[i] ?? null)) };
  }
}
