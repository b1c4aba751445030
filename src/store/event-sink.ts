// Where batches of events land. The DuckDB sink appends through the Appender on its own connection.
import { MAP, VARCHAR, DECIMAL, decimalValue, mapValue, timestampTZValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Event } from '../ingest/types.ts';

export interface EventSink {
  append(events: readonly Event[]): Promise<void>;
  /** Ids already stored in [min, max]: replaying a spool segment skips them, so nothing is stored twice. */
  idsBetween(min: bigint, max: bigint): Promise<Set<bigint>>;
  /** The highest stored id, 0n when there is none. */
  maxId(): Promise<bigint>;
  /** Folds the write-ahead log into the database file, off the event loop. */
  checkpoint(): Promise<void>;
}

const YIELD_EVERY = 200;
const PROPS_TYPE = MAP(VARCHAR, VARCHAR);
const REVENUE_TYPE = DECIMAL(18, 4);

export function duckDbSink(connection: DuckDBConnection): EventSink {
  return {
    async append(events) {
      const appender = await connection.createAppender('events');
      try {
        for (let i = 0; i < events.length; i++) {
          appendRow(appender, events[i]!);
          // Appending is synchronous native work (~5-10 us a row): yield now and then so
          // a large batch never holds answers back for long.
          if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
    async idsBetween(min, max) {
      const reader = await connection.runAndReadAll('SELECT id FROM events WHERE id BETWEEN ? AND ?', [min, max]);
      return new Set(reader.getColumnsJS()[0] as bigint[] | undefined);
    },
    async checkpoint() {
      await connection.run('CHECKPOINT');
    },
    async maxId() {
      const reader = await connection.runAndReadAll('SELECT coalesce(max(id), 0) AS id FROM events');
      return BigInt((reader.getRowsJS()[0]?.[0] as bigint | number | undefined) ?? 0);
    },
  };
}

/** Column order must match migrations/001-init.ts. */
function appendRow(a: DuckDBAppender, e: Event): void {
  a.appendUBigInt(e.id);
  a.appendTimestampTZ(timestampTZValue(BigInt(e.ts) * 1000n));
  a.appendVarchar(e.site);
  a.appendVarchar(e.name);
  a.appendUBigInt(e.visitorId);
  a.appendUBigInt(e.sessionId);
  for (const text of [
    e.hostname, e.pathname, e.title, e.referrer, e.source, e.channel,
    e.utmSource, e.utmMedium, e.utmCampaign, e.utmContent, e.utmTerm,
    e.country, e.region, e.city, e.browser, e.browserVersion, e.os, e.osVersion, e.device,
  ]) {
    if (text === null) a.appendNull();
    else a.appendVarchar(text);
  }
  appendOrNull(a, e.screenWidth, (v) => a.appendUSmallInt(v));
  appendOrNull(a, e.screenHeight, (v) => a.appendUSmallInt(v));
  if (e.props === null) a.appendNull();
  else a.appendValue(mapValue(Object.entries(e.props).map(([key, value]) => ({ key, value }))), PROPS_TYPE);
  if (e.revenue === null) a.appendNull();
  else a.appendValue(decimalValue(BigInt(Math.round(e.revenue * 10_000)), 18, 4), REVENUE_TYPE);
  appendOrNull(a, e.scrollDepth, (v) => a.appendUTinyInt(v));
  appendOrNull(a, e.engagedMs, (v) => a.appendUInteger(v));
  a.endRow();
}

function appendOrNull(a: DuckDBAppender, value: number | null, append: (v: number) => void): void {
  if (value === null) a.appendNull();
  else append(value);
}
