// The ClickHouse dialect (scale-out events store). Each method yields the value the DuckDB dialect
// yields for the same rows; the equivalence tests run both on real engines to prove it.
import { assertNever, type TimeUnit } from '../model.ts';
import type { Dialect, ParamType } from './dialect.ts';
import { clickhouseParamName } from '../../store/clickhouse.ts';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** Query-parameter types: timestamps travel as ISO strings and are parsed in SQL. */
const PARAM_TYPES: Record<ParamType, string> = { string: 'String', timestamp: 'String', integer: 'Int64' };

const fromLocalMs = (ms: string) => `fromUnixTimestamp64Milli(toInt64(${ms}), 'UTC')`;

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  placeholder: (index, type) => `{${clickhouseParamName(index)}:${PARAM_TYPES[type]}}`,
  timestamp: (p) => `parseDateTime64BestEffort(${p}, 3, 'UTC')`,
  integer: (p) => `toInt64(${p})`,
  bucketKey(unit: TimeUnit, lm: string) {
    switch (unit) {
      case 'minute':
      case 'hour':
      case 'day':
        return `intDiv(${lm}, ${UNIT_MS[unit]})`;
      case 'week':
        // Day numbers since 1970-01-01 (a Thursday); the key is the week's Monday.
        return `(intDiv(${lm}, 86400000) - (intDiv(${lm}, 86400000) + 3) % 7)`;
      case 'month':
        return `toStartOfMonth(${fromLocalMs(lm)})`;
      default:
        return assertNever(unit);
    }
  },
  bucketLabel(unit: TimeUnit, key: string) {
    switch (unit) {
      case 'minute':
        // %i is minutes in ClickHouse (%M is the month's name).
        return `formatDateTime(${fromLocalMs(`${key} * 60000`)}, '%Y-%m-%d %H:%i:00')`;
      case 'hour':
        return `formatDateTime(${fromLocalMs(`${key} * 3600000`)}, '%Y-%m-%d %H:00:00')`;
      case 'day':
      case 'week':
        return `formatDateTime(${fromLocalMs(`${key} * 86400000`)}, '%Y-%m-%d')`;
      case 'month':
        return `formatDateTime(${key}, '%Y-%m-01')`;
      default:
        return assertNever(unit);
    }
  },
  // argMin skips NULL values; wrapping the value in a tuple keeps a NULL first value as DuckDB's
  // arg_min_null does. With no matching row argMinIf yields the default tuple, (NULL).
  firstBy: (v) => `argMin(tuple(${v}), (ts, id)).1`,
  firstWhere: (v, c) => `argMinIf(tuple(${v}), (ts, id), ${c}).1`,
  lastWhere: (v, c) => `argMaxIf(tuple(${v}), (ts, id), ${c}).1`,
  countIf: (c) => `countIf(${c})`,
  // DuckDB's sum() FILTER over no rows is NULL; sumIf's is 0: -OrNull restores NULL.
  sumIf: (e, c) => `sumIfOrNull(${e}, ${c})`,
  countDistinct: (e) => `uniqExact(${e})`,
  countDistinctIf: (e, c) => `uniqExactIf(${e}, ${c})`,
  epochMs: (e) => `toUnixTimestamp64Milli(${e})`,
  toDouble: (e) => `toFloat64(${e})`,
  contains: (e, n) => `(position(${e}, ${n}) > 0)`,
  regexMatch: (e, p) => `match(${e}, ${p})`,
  // A Map has no NULL: a missing key reads as '' unless asked first.
  mapValue: (m, k) => `if(mapContains(${m}, ${k}), ${m}[${k}], NULL)`,
  // arrayJoin multiplies the row per element; an empty map yields none.
  mapKeys: (m) => `arrayJoin(mapKeys(${m}))`,
  screenLabel: (w, h) => `concat(toString(${w}), 'x', toString(${h}))`,
  // An untyped NULL unifies with any type in UNION ALL; ClickHouse has no supertype of UInt64 and Int64.
  nullOf: () => 'NULL',
  // ClickHouse re-runs a CTE wherever it is used, so the hint needs nothing.
  cte: (name, body) => `${name} AS (${body})`,
  regexCheck: (p) => `SELECT match('', ${p}) AS ok`,
};
