// The engine stats queries run on: the embedded DuckDB by default, ClickHouse when events are
// stored there. Each runs the builder's SQL in its own dialect (query/sql/engine-dialect.ts) with
// positional bound values.
import { clickhouseParamName, type ClickHouseConnection } from './clickhouse.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StatementTimeoutError, type Db, type Row, type SqlValue } from './duckdb.ts';
import { QueryTimeoutError } from '../errors.ts';
import { spansAfterDelete } from './visit-spans.ts';

/** The engines events are stored and queried in. */
export type EventEngine = 'duckdb' | 'clickhouse';

export interface EventQueries {
  readonly engine: EventEngine;
  /**
   * Rows of a statement built for its engine's dialect, with the values of its placeholders in order; with
   * `timeoutMs`, the engine stops it after that long (StatementTimeoutError).
   */
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[], timeoutMs?: number): Promise<T[]>;
  /** Deletes a site's events (only those before `beforeMs` when given); resolves to how many there were. */
  deleteEvents(site: string, beforeMs: number | null): Promise<number>;
}

/** Events live in ClickHouse and this process (a CLI with only the PostgreSQL URL) cannot reach them. */
export class EventsElsewhereError extends Error {
  constructor() {
    super('events are in ClickHouse: run this on a node started with --store clickhouse');
  }
}

/**
 * Where a process that does not reach ClickHouse (a CLI with no server running) finds the
 * events stored there: every query says where they are, so app-data operations that need no
 * events still run and those that do are refused before they change anything.
 */
export function eventsElsewhere(): EventQueries {
  const elsewhere = () => Promise.reject(new EventsElsewhereError());
  return { engine: 'clickhouse', all: elsewhere, deleteEvents: elsewhere };
}

/**
 * The same engine with every statement held to one deadline, `timeoutMs` from now: a stats
 * request runs several statements, and all of them together get that long before the request
 * fails with QueryTimeoutError (503). Without a timeout, `events` itself.
 */
export function withDeadline(events: EventQueries, timeoutMs: number | undefined): EventQueries {
  if (timeoutMs === undefined) return events;
  const deadline = performance.now() + timeoutMs;
  return {
    engine: events.engine,
    deleteEvents: (site, beforeMs) => events.deleteEvents(site, beforeMs),
    async all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      const left = Math.ceil(deadline - performance.now());
      if (left <= 0) throw new QueryTimeoutError(timeoutMs);
      try {
        return await events.all<T>(sql, params, left);
      } catch (error) {
        throw error instanceof StatementTimeoutError ? new QueryTimeoutError(timeoutMs) : error;
      }
    },
  };
}

export function duckdbEventQueries(db: Db): EventQueries {
  /** The connection deletes run on: their own, so their transaction holds nothing else. */
  let deleteConnection: Promise<DuckDBConnection> | null = null;
  return {
    engine: 'duckdb',
    all: (sql, params, timeoutMs) => db.read(sql, params ? [...params] : undefined, timeoutMs),
    async deleteEvents(site, beforeMs) {
      const where = beforeMs === null ? 'site = $1' : 'site = $1 AND ts < make_timestamptz($2::BIGINT * 1000)';
      const params = beforeMs === null ? [site] : [site, BigInt(beforeMs)];
      const [row] = await db.all<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE ${where}`, params);
      const count = Number(row?.n ?? 0n);
      if (count === 0) return 0;
      deleteConnection ??= db.connect();
      const conn = await deleteConnection;
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
    engine: 'clickhouse',
    async all<T extends Row = Row>(sql: string, params: readonly SqlValue[] = [], timeoutMs?: number) {
      const named: Record<string, unknown> = {};
      params.forEach((value, i) => (named[clickhouseParamName(i + 1)] = typeof value === 'bigint' ? String(value) : value));
      if (timeoutMs === undefined) return conn.query<T>(sql, named);
      // The server stops the query itself (TIMEOUT_EXCEEDED) rather than finishing it unheard.
      return conn.query<T>(sql, named, { max_execution_time: timeoutMs / 1000 }).catch((error: unknown) => {
        throw /TIMEOUT_EXCEEDED|Timeout exceeded/.test(String((error as Error).message)) ? new StatementTimeoutError(timeoutMs) : error;
      });
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
