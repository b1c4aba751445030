// The SQL dialect of the engine events are queried on (store/event-queries.ts names the engine).
import type { EventQueries } from '../../store/event-queries.ts';
import { clickhouseDialect } from './clickhouse.ts';
import type { Dialect } from './dialect.ts';
import { duckdbDialect } from './duckdb.ts';

export function dialectOf(events: Pick<EventQueries, 'engine'>): Dialect {
  return events.engine === 'duckdb' ? duckdbDialect : clickhouseDialect;
}
