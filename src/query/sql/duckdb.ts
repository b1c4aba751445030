// The DuckDB dialect (the embedded store).
import { assertNever, type TimeUnit } from '../model.ts';
import type { Dialect } from './dialect.ts';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  placeholder: (index) => `$${index}`,
  timestamp: (p) => `CAST(${p} AS TIMESTAMPTZ)`,
  integer: (p) => `CAST(${p} AS BIGINT)`,
  bucketKey(unit: TimeUnit, lm: string) {
    switch (unit) {
      case 'minute':
      case 'hour':
      case 'day':
        return `(${lm} // ${UNIT_MS[unit]})`;
      case 'week':
        // Day numbers since 1970-01-01 (a Thursday); the key is the week's Monday.
        return `(${lm} // 86400000 - (${lm} // 86400000 + 3) % 7)`;
      case 'month':
        return `date_trunc('month', epoch_ms(${lm}))`;
      default:
        return assertNever(unit);
    }
  },
  bucketLabel(unit: TimeUnit, key: string) {
    switch (unit) {
      case 'minute':
        return `strftime(epoch_ms(${key} * 60000), '%Y-%m-%d %H:%M:00')`;
      case 'hour':
        return `strftime(epoch_ms(${key} * 3600000), '%Y-%m-%d %H:00:00')`;
      case 'day':
      case 'week':
        return `strftime(epoch_ms(${key} * 86400000), '%Y-%m-%d')`;
      case 'month':
        return `strftime(${key}, '%Y-%m-01')`;
      default:
        return assertNever(unit);
    }
  },
  firstBy: (v) => `arg_min_null(${v}, (ts, id))`,
  firstWhere: (v, c) => `arg_min_null(${v}, (ts, id)) FILTER (WHERE ${c})`,
  lastWhere: (v, c) => `arg_max_null(${v}, (ts, id)) FILTER (WHERE ${c})`,
  countIf: (c) => `count(*) FILTER (WHERE ${c})`,
  sumIf: (e, c) => `sum(${e}) FILTER (WHERE ${c})`,
  countDistinct: (e) => `count(DISTINCT ${e})`,
  countDistinctIf: (e, c) => `count(DISTINCT ${e}) FILTER (WHERE ${c})`,
  epochMs: (e) => `epoch_ms(${e})`,
  toDouble: (e) => `CAST(${e} AS DOUBLE)`,
  contains: (e, n) => `contains(${e}, ${n})`,
  regexMatch: (e, p) => `regexp_matches(${e}, ${p})`,
  mapValue: (m, k) => `${m}[${k}]`,
  mapKeys: (m) => `unnest(map_keys(${m}))`,
  screenLabel: (w, h) => `(CAST(${w} AS VARCHAR) || 'x' || CAST(${h} AS VARCHAR))`,
  nullOf: (t) => `CAST(NULL AS ${t === 'integer' ? 'BIGINT' : t === 'double' ? 'DOUBLE' : 'VARCHAR'})`,
  cte: (name, body, hint) => `${name} AS ${hint === 'inline' ? 'NOT MATERIALIZED ' : hint === 'once' ? 'MATERIALIZED ' : ''}(${body})`,
  regexCheck: (p) => `SELECT regexp_matches('', ${p}) AS ok`,
};
