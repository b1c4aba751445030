// Which queries the daily rollups answer: no filters, at most one of these dimensions, and only
// metrics whose raw columns add up across disjoint sets of visits (sql/rollup-sql.ts).
import type { Dimension } from '../model.ts';
import type { SqlQuery } from '../sql/plan.ts';
import { ROLLUP_METRICS } from '../sql/rollup-sql.ts';

export const ROLLUP_DIMENSIONS: readonly Dimension[] = [
  'event:page', 'event:hostname', 'event:name',
  'visit:entry_page', 'visit:exit_page', 'visit:source', 'visit:referrer', 'visit:channel',
  'visit:utm_source', 'visit:utm_medium', 'visit:utm_campaign', 'visit:utm_content', 'visit:utm_term',
  'visit:country', 'visit:region', 'visit:city',
  'visit:browser', 'visit:browser_version', 'visit:os', 'visit:os_version', 'visit:device', 'visit:screen',
  'time:day', 'time:week', 'time:month',
];

/** The rollup key of a query ('' for none), or null when rollups cannot answer it. */
export function rollupKey(q: SqlQuery): string | null {
  if (q.filters.length > 0 || q.dimensions.length > 1) return null;
  if (!q.metrics.every((m) => (ROLLUP_METRICS as readonly string[]).includes(m))) return null;
  const [dim] = q.dimensions;
  if (dim === undefined) return '';
  return ROLLUP_DIMENSIONS.includes(dim) ? dim : null;
}
