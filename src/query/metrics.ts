// How metric values are presented: rounding, the value of an empty group, and comparison change.
// Shared by the runner and the reference so both present the same raw number the same way.
import { assertNever, type Metric } from './model.ts';
import type { RawRow } from './present.ts';

/** Decimal places each metric is rounded to in responses. */
export function metricPrecision(m: Metric): number {
  switch (m) {
    case 'visitors':
    case 'visits':
    case 'pageviews':
    case 'events':
    case 'bounce_rate':
    case 'visit_duration':
    case 'time_on_page':
    case 'scroll_depth':
    case 'conversions':
    case 'converted_visitors':
      return 0;
    case 'views_per_visit':
    case 'conversion_rate':
    case 'percentage':
    case 'total_revenue':
    case 'average_revenue':
      return 2;
    default:
      return assertNever(m);
  }
}

export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function roundMetric(m: Metric, value: number | null): number | null {
  return value === null ? null : roundTo(value, metricPrecision(m));
}

/**
 * Metrics that stay null when nothing was measured (no engagement events, no revenue); every
 * other metric of an empty group is 0.
 */
export function isNullableMetric(m: Metric): boolean {
  return m === 'time_on_page' || m === 'scroll_depth' || m === 'total_revenue' || m === 'average_revenue';
}

/** Rates change in percentage points; counts and averages in percent of the previous value. */
export function metricChange(m: Metric, current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  if (m === 'bounce_rate' || m === 'conversion_rate' || m === 'percentage') return roundTo(current - previous, 2);
  if (previous === 0) return current === 0 ? 0 : 100;
  return Math.round(((current - previous) / previous) * 100);
}

/** Under a goal, conversions are its events and converted visitors its visitors. */
export function addGoalCounts(metrics: readonly Metric[], rows: RawRow[]): void {
  for (const r of rows) {
    if (metrics.includes('conversions')) r.values.conversions = r.values.events ?? 0;
    if (metrics.includes('converted_visitors')) r.values.converted_visitors = r.values.visitors ?? 0;
  }
}
