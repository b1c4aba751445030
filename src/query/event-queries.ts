// The engine stats queries run on: the embedded DuckDB by default, ClickHouse when events are
// stored there. Each runs the builder's SQL in its own dialect with positional bound values.
import type { ClickHouseConnection } from '../store/clickhouse.ts';
import type { Db, Row, SqlValue } from '../store/duckdb.ts';
import { clickhouseDialect, clickhouseParamName } from './sql/clickhouse.ts';
import type { Dialect } from './sql/dialect.ts';
import { duckdbDialect } from './sql/duckdb.ts';

export interface EventQueries {
  readonly dialect: Dialect;
  /** Rows of a statement built for `dialect`, with the values of its placeholders in order. */
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

const bound = new WeakMap<Db, EventQueries>();

/**
 * Declares that this store's events live in another engine (ClickHouse): every events query made
 * through `db` (stats, session restore) goes there, while app data stays in `db`.
 */
export function bindEventQueries(db: Db, events: EventQueries): void {
  bound.set(db, events);
}

/** Where the events of `db`'s store are queried. */
export function eventQueriesFor(db: Db): EventQueries {
  return bound.get(db) ?? duckdbEventQueries(db);
}

/** False when `db` holds app data only and its events live in ClickHouse (its own table is empty or absent). */
export function holdsOwnEvents(db: Db): boolean {
  return !bound.has(db);
}

export function duckdbEventQueries(db: Db): EventQueries {
  return { dialect: duckdbDialect, all: (sql, params) => db.all(sql, params ? [...params] : undefined) };
}

export function clickhouseEventQueries(conn: ClickHouseConnection): EventQueries {
  return {
    dialect: clickhouseDialect,
    all(sql, params = []) {
      const named: Record<string, unknown> = {};
      params.forEach((value, i) => (named[clickhouseParamName(i + 1)] = typeof value === 'bigint' ? String(value) : value));
      return conn.query(sql, named);
    },
  };
}
