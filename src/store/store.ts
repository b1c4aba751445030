// The one Store a process works on: app data, where events are queried, where the writer stores
// them. Built once from the config and passed down; nothing looks the engine up on its own.
import type { Config } from '../config.ts';
import { eventsElsewhere, type EventQueries } from './event-queries.ts';
import { openAppDb } from './app-db.ts';
import type { ClickHouseConnection } from './clickhouse.ts';
import type { Db } from './duckdb.ts';
import type { SegmentSink } from './event-sink.ts';
import { openEventStore } from './event-store.ts';

export interface Store {
  app: Db;
  events: EventQueries;
  sink: SegmentSink;
  /** Closes the event store, then the app database. */
  close(): Promise<void>;
}

/** A CLI's Store: without a sink when the events live in ClickHouse, which only the nodes reach. */
export type LocalStore = Omit<Store, 'sink'> & { sink: SegmentSink | null };

/** The server's Store. `clickhouse` replaces the HTTP client (tests pass the in-process engine). */
export async function openStore(config: Config, clickhouse?: ClickHouseConnection): Promise<Store> {
  const app = await openAppDb(config);
  try {
    const events = await openEventStore(config, app, clickhouse);
    return {
      app, events: events.events, sink: events.sink,
      async close() {
        await events.close();
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/**
 * The Store of a CLI command run with no server: the same app database as the server's; events in
 * DuckDB as the server has them, while events in ClickHouse stay with the nodes (queries say so).
 */
export async function openLocalStore(config: Config): Promise<LocalStore> {
  if (config.store === 'duckdb') return openStore(config);
  const app = await openAppDb(config);
  return { app, events: eventsElsewhere(), sink: null, close: () => app.close() };
}
