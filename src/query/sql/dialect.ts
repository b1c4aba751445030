// What the SQL builder needs from an engine. The builder writes only portable SQL plus calls to
// these methods, so a second engine (ClickHouse) is a new Dialect, not a change to callers.
import type { TimeUnit } from '../model.ts';

export type ParamType = 'string' | 'timestamp' | 'integer';

export interface Dialect {
  readonly name: string;
  /** The placeholder of the index-th bound value (1-based). */
  placeholder(index: number, type: ParamType): string;
  /** A bound ISO-8601 UTC string as a timestamp comparable with `events.ts`. */
  timestamp(placeholder: string): string;
  /** A bound value as a 64-bit integer. */
  integer(placeholder: string): string;
  /** A time bucket's grouping key from local epoch ms; keys order like their labels. */
  bucketKey(unit: TimeUnit, localMs: string): string;
  /** A bucket key's label; must equal time-labels.ts's timeLabel. */
  bucketLabel(unit: TimeUnit, key: string): string;
  /** Aggregate: `value` on the group's row with the least (ts, id), NULL values kept. */
  firstBy(value: string): string;
  /** Aggregate: `value` on the least/greatest (ts, id) row among rows where `cond` holds. */
  firstWhere(value: string, cond: string): string;
  lastWhere(value: string, cond: string): string;
  countIf(cond: string): string;
  sumIf(expr: string, cond: string): string;
  countDistinct(expr: string): string;
  countDistinctIf(expr: string, cond: string): string;
  /** Milliseconds since the epoch of a timestamp, as an integer. */
  epochMs(expr: string): string;
  toDouble(expr: string): string;
  /** Substring test; NULL input gives NULL (the builder wraps leaves in coalesce). */
  contains(expr: string, needle: string): string;
  /** Unanchored regular-expression search (RE2 syntax). */
  regexMatch(expr: string, pattern: string): string;
  /** A value of the props map by key, NULL when absent. */
  mapValue(mapExpr: string, key: string): string;
  /**
   * The keys of a map as a set-returning expression in a SELECT list: one output row per key,
   * none for an empty or NULL map.
   */
  mapKeys(mapExpr: string): string;
  /** "WxH", NULL when either side is NULL. */
  screenLabel(width: string, height: string): string;
  /** A typed NULL, for union branches that lack a column. */
  nullOf(type: 'integer' | 'double' | 'text'): string;
  /**
   * A CTE. `inline` asks the engine to re-run it where used (cheap scans are faster re-read
   * than copied); `once` to compute it once (a union of filtered scans is dearer to repeat);
   * `auto` leaves the choice to the engine.
   */
  cte(name: string, body: string, hint: 'inline' | 'auto' | 'once'): string;
  /** A statement that fails on an invalid pattern, to validate regexes before the real query. */
  regexCheck(pattern: string): string;
}
