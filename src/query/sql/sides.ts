// The partial aggregates ("sides") a query combines. Each side groups its own rows by the
// dimensions and yields some raw columns; the builder unions them and merges by dimensions.
import { assertNever, metricFamily, type Metric } from '../model.ts';
import type { Dialect } from './dialect.ts';

export type SqlMetric = Exclude<Metric, 'percentage' | 'conversion_rate' | 'conversions' | 'converted_visitors'>;
export type SideName = 'visitors' | 'event' | 'visit' | 'time' | 'scroll';
/** `event`: rows are events (any filter); `visit`: rows are visits (only visit dimensions and filters). */
export type PlanKind = 'event' | 'visit';

export interface RawColumn {
  name: string;
  type: 'integer' | 'double';
  side: SideName;
}

/** The raw columns each SQL metric needs. */
export function rawColumnsOf(m: SqlMetric): RawColumn[] {
  const col = (name: string, side: SideName, type: RawColumn['type'] = 'integer'): RawColumn => ({ name, side, type });
  switch (m) {
    case 'visitors':
      return [col('e_visitors', 'visitors')];
    case 'pageviews':
      return [col('e_pageviews', 'event')];
    case 'events':
      return [col('e_events', 'event')];
    case 'total_revenue':
      return [col('e_revenue_sum', 'event', 'double')];
    case 'average_revenue':
      return [col('e_revenue_sum', 'event', 'double'), col('e_revenue_count', 'event')];
    case 'visits':
      return [col('v_visits', 'visit')];
    case 'views_per_visit':
      return [col('v_visits', 'visit'), col('v_pageviews_sum', 'visit')];
    case 'bounce_rate':
      return [col('v_visits', 'visit'), col('v_bounces', 'visit')];
    case 'visit_duration':
      return [col('v_visits', 'visit'), col('v_duration_sum', 'visit')];
    case 'time_on_page':
      return [col('t_engaged_ms', 'time'), col('t_visitors', 'time')];
    case 'scroll_depth':
      return [col('s_sum', 'scroll'), col('s_count', 'scroll')];
    default:
      return assertNever(m);
  }
}

/**
 * The aggregate producing a raw column from its side's rows. Visitors are counted over
 * DISTINCT (dimensions, visitor_id) rows by the builder; in a visit plan the event counts are
 * sums of each visit's totals.
 */
export function rawAggregate(name: string, d: Dialect, kind: PlanKind): string {
  const perVisit = kind === 'visit';
  switch (name) {
    case 'e_visitors':
      return 'count(*)';
    case 'e_pageviews':
      return perVisit ? 'sum(v_pageviews)' : d.countIf(`name = 'pageview'`);
    case 'e_events':
      return perVisit ? 'sum(v_events)' : 'count(*)';
    case 'e_revenue_sum':
      return d.toDouble(perVisit ? 'sum(v_revenue_sum)' : 'sum(revenue)');
    case 'e_revenue_count':
      return perVisit ? 'sum(v_revenue_count)' : 'count(revenue)';
    case 'v_visits':
      return 'count(*)';
    case 'v_pageviews_sum':
      return 'sum(v_pageviews)';
    case 'v_bounces':
      return 'sum(v_bounce)';
    case 'v_duration_sum':
      return 'sum(v_duration_ms)';
    case 't_engaged_ms':
      return 'sum(engaged_ms)';
    case 't_visitors':
      return d.countDistinct('visitor_id');
    case 's_sum':
      return 'sum(max_scroll)';
    case 's_count':
      return 'count(*)';
    default:
      throw new Error(`unknown raw column ${name}`);
  }
}

/** The final value of a metric from merged raw columns; empty groups give 0 or NULL (metrics.ts). */
export function metricExpr(m: SqlMetric, d: Dialect): string {
  const perVisit = (num: string, scale = '') => `CASE WHEN v_visits > 0 THEN ${d.toDouble(num)}${scale} / v_visits ELSE 0 END`;
  switch (m) {
    case 'visitors':
      return 'coalesce(e_visitors, 0)';
    case 'pageviews':
      return 'coalesce(e_pageviews, 0)';
    case 'events':
      return 'coalesce(e_events, 0)';
    case 'total_revenue':
      return 'e_revenue_sum';
    case 'average_revenue':
      return 'CASE WHEN e_revenue_count > 0 THEN e_revenue_sum / e_revenue_count END';
    case 'visits':
      return 'coalesce(v_visits, 0)';
    case 'views_per_visit':
      return perVisit('v_pageviews_sum');
    case 'bounce_rate':
      return perVisit('v_bounces', ' * 100');
    case 'visit_duration':
      return `${perVisit('v_duration_sum')} / 1000`;
    case 'time_on_page':
      return `CASE WHEN t_visitors > 0 THEN ${d.toDouble('t_engaged_ms')} / t_visitors / 1000 END`;
    case 'scroll_depth':
      return `CASE WHEN s_count > 0 THEN ${d.toDouble('s_sum')} / s_count END`;
    default:
      return assertNever(m);
  }
}

export function isSqlMetric(m: Metric): m is SqlMetric {
  return metricFamily(m) !== 'derived';
}
