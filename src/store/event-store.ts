// Where events are stored and queried, from the config: the embedded DuckDB (default) or ClickHouse.
import type { Config } from '../config.ts';
import { clickhouseEventQueries, duckdbEventQueries, type EventQueries } from './event-queries.ts';
import type { ClickHouseConnection } from './clickhouse.ts';
import { eventsDdl } from './clickhouse-ddl.ts';
import { connectClickHouseHttp, ensureClickHouseDatabase } from './clickhouse-http.ts';
import { clickHouseSink } from './clickhouse-sink.ts';
import type { Db } from './duckdb.ts';
import { duckDbSink, segmentSinkFromEvents, type SegmentSink } from './event-sink.ts';
import { readNodeTag } from './node-tag.ts';

export interface EventStore {
  /** Where stats, visit restore, retention and site removal read and delete events. */
  events: EventQueries;
  /** Where the writer stores them. */
  sink: SegmentSink;
  close(): Promise<void>;
}

/** `connection` replaces the HTTP client (tests pass the in-process engine). */
export async function openEventStore(config: Config, db: Db, connection?: ClickHouseConnection): Promise<EventStore> {
  if (config.store === 'duckdb' || config.clickhouseUrl === null) return { events: duckdbEventQueries(db), sink: duckDbSink(await db.connect()), close: async () => undefined };
  if (connection) return useClickHouse(connection, config.dataDir, config.clickhouseDatabase);
  await ensureClickHouseDatabase(config.clickhouseUrl, config.clickhouseDatabase);
  const conn = connectClickHouseHttp({ url: config.clickhouseUrl, database: config.clickhouseDatabase });
  return useClickHouse(conn, config.dataDir, config.clickhouseDatabase);
}

/**
 * Events go to and are queried from ClickHouse; app data stays in the app database. The one-server
 * table is created when missing (on a cluster the DDL of `inkling clickhouse ddl --cluster` made it).
 */
async function useClickHouse(conn: ClickHouseConnection, dataDir: string, database: string): Promise<EventStore> {
  const [, createTable] = eventsDdl({ cluster: null, database, retentionDays: null });
  await conn.command(createTable!);
  return { events: clickhouseEventQueries(conn), sink: segmentSinkFromEvents(clickHouseSink(conn, readNodeTag(dataDir))), close: () => conn.close() };
}
