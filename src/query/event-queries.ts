// The engine stats queries run on: the embedded DuckDB by default, ClickHouse when events are
// stored there. Each runs the builder's SQL in its own dialect with positional bound values.
import type { ClickHouseConnection } from '../store/clickhouse.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Db, Row, SqlValue } from '../store/duckdb.ts';
import { clickhouseDialect, clickhouseParamName } from './sql/clickhouse.ts';
import type { Dialect } from './sql/dialect.ts';
import { duckdbDialect } from './sql/duckdb.ts';
import { spansAfterDelete } from '../store/visit-spans.ts';

export interface EventQueries {
  readonly dialect: Dialect;
  /** Rows of a statement built for `dialect`, with the values of its placeholders in order. */
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Deletes a site's events (only those before `beforeMs` when given); resolves to how many there were. */
  deleteEvents(site: string, beforeMs: number | null): Promise<number>;
}

/** Events live in ClickHouse and this process (a CLI with only the PostgreSQL URL) cannot reach them. */
export class EventsElsewhereError extends Error {
  constructor() {
    super('events are in ClickHouse: run this on a node started with --store clickhouse');
  }
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

/** The connection deletes run on: their own, so their transaction holds nothing else. */
const deleteConnections = new WeakMap<Db, Promise<DuckDBConnection>>();

export function duckdbEventQueries(db: Db): EventQueries {
  return {
    dialect: duckdbDialect,
    all: (sql, params) => db.read(sql, params ? [...params] : undefined),
    async deleteEvents(site, beforeMs) {
      const where = beforeMs === null ? 'site = $1' : 'site = $1 AND ts < make_timestamptz($2::BIGINT * 1000)';
      const params = beforeMs === null ? [site] : [site, BigInt(beforeMs)];
      const [row] = await db.all<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE ${where}`, params);
      const count = Number(row?.n ?? 0n);
      if (count === 0) return 0;
      if (!deleteConnections.has(db)) deleteConnections.set(db, db.connect());
      const conn = await deleteConnections.get(db)!;
      // Events and visit spans change together: a writer commit racing this one conflicts, and
      // whichever loses is retried (the writer's segment stays in its spool).
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(`DELETE FROM events WHERE ${where}`, params);
        await spansAfterDelete(conn, site, beforeMs);
        await conn.run('COMMIT');
      } catch (error) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return count;
    },
  };
}

export function clickhouseEventQueries(conn: ClickHouseConnection): EventQueries {
  return {
    dialect: clickhouseDialect,
    all(sql, params = []) {
      const named: Record<string, unknown> = {};
      params.forEach((value, i) => (named[clickhouseParamName(i + 1)] = typeof value === 'bigint' ? String(value) : value));
      return conn.query(sql, named);
    },
    // A lightweight DELETE: rows disappear from queries at once, and from disk at the next merge.
    async deleteEvents(site, beforeMs) {
      const where = beforeMs === null ? 'site = {site:String}' : 'site = {site:String} AND ts < fromUnixTimestamp64Milli({before:Int64})';
      const params = beforeMs === null ? { site } : { site, before: String(beforeMs) };
      const [row] = await conn.query<{ n: string }>(`SELECT count() AS n FROM events WHERE ${where}`, params);
      const count = Number(row?.n ?? 0);
      if (count > 0) await conn.command(`DELETE FROM events WHERE ${where}`, params);
      return count;
    },
  };
}
