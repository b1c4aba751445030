// Checks on a structurally valid Query that one field alone cannot express (how metrics,
// dimensions, filters and ordering fit together). Each error names the field and why.
import { invalid } from '../errors.ts';
import { checkFilterLimits } from './filter-limits.ts';
import { isExpandingDimension, isMetric, isTimeDimension, type Dimension, type Filter, type Metric, type Query } from './model.ts';

export function validateQuery(q: Query): void {
  const timeDims = q.dimensions.filter(isTimeDimension);
  if (timeDims.length > 1) throw invalid('dimensions', `at most one time dimension is allowed, got ${timeDims.join(', ')}`);
  checkFilterLimits(q.filters);
  validateOrderBy(q);
  validateConversionRate(q);
  validateExpanding(q);
  validateComparison(q);
  if (zeroFills(q)) {
    const [first, ...rest] = q.orderBy;
    const ok = !first || (rest.length === 0 && first.key === q.dimensions[0] && first.direction === 'asc');
    if (!ok) throw invalid('order_by', 'a zero-filled time series (include.time_labels with one time dimension) is always ordered by time ascending');
  }
}

/** include.time_labels with exactly one time dimension returns every bucket, zero-filled. */
export function zeroFills(q: Query): boolean {
  return q.include.timeLabels && q.dimensions.length === 1 && isTimeDimension(q.dimensions[0]!);
}

function validateOrderBy(q: Query): void {
  q.orderBy.forEach((o, i) => {
    const path = `order_by[${i}][0]`;
    if (isMetric(o.key)) {
      if (!q.metrics.includes(o.key)) throw invalid(path, `"${o.key}" is not among the query's metrics`);
      // conversion_rate is computed after SQL from a second, unfiltered query; ordering by it
      // would need the whole result set in memory.
      if (o.key === 'conversion_rate') throw invalid(path, 'ordering by conversion_rate is not supported; order by visitors instead');
      return;
    }
    if (!q.dimensions.includes(o.key as Dimension)) throw invalid(path, `"${o.key}" is neither a metric nor a dimension of this query`);
  });
  const keys = q.orderBy.map((o) => o.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw invalid('order_by', `"${dup}" is listed twice`);
}

/** The dimensions that name a goal: a configured goal, or an event name. */
export function isGoalDimension(d: Dimension): boolean {
  return d === 'event:name' || d === 'event:goal';
}

/** Top-level filters on event:name / event:goal are the "goal": conversion_rate = converted / all visitors. */
export function goalFilterIndexes(filters: Filter[]): number[] {
  return filters.flatMap((f, i) => ('dimension' in f && isGoalDimension(f.dimension) ? [i] : []));
}

/** Metrics that only mean something for a goal. */
const GOAL_METRICS: Metric[] = ['conversion_rate', 'conversions', 'converted_visitors'];

function validateConversionRate(q: Query): void {
  const needing = q.metrics.find((m) => GOAL_METRICS.includes(m));
  if (!needing) return;
  const hasGoal = goalFilterIndexes(q.filters).length > 0 || q.dimensions.some(isGoalDimension);
  if (!hasGoal) {
    throw invalid(
      'metrics',
      `${needing} needs a goal: a top-level filter on event:goal or event:name (e.g. ["is", "event:goal", ["Signup"]]) or the event:goal / event:name dimension`,
    );
  }
}

/** Engagement pings complete no goal and carry no properties: they cannot be expanded by them. */
function validateExpanding(q: Query): void {
  const expanding = q.dimensions.find(isExpandingDimension);
  const engagement = q.metrics.find((m) => m === 'time_on_page' || m === 'scroll_depth');
  if (expanding && engagement) throw invalid('metrics', `${engagement} cannot be broken down by ${expanding}`);
}

function validateComparison(q: Query): void {
  const c = q.include.comparison;
  if (!c) return;
  if (c.mode === 'custom' && !c.dateRange) throw invalid('include.comparisons.date_range', 'is required when mode is "custom"');
  if (c.mode !== 'custom' && c.dateRange) throw invalid('include.comparisons.date_range', 'is only allowed when mode is "custom"');
}
