// The one list of the events table's columns, in table order. The spool line, the load SQL, both
// engines' DDL, ClickHouse rows, the export format and the test seeder are all derived from it, so
// adding a column is one line here (plus a migration) and two text columns can never swap places.
import type { Event } from './event.ts';

/**
 * How a value is carried and converted between engines:
 * - uint64: a bigint; text in the spool and in ClickHouse rows, so nothing rounds.
 * - time: epoch milliseconds; a timestamp in the stores.
 * - text, int: as is.
 * - decimal: a number in the spool; DECIMAL(18, 4) in the stores.
 * - json: an object of strings; a map in the stores.
 */
export type ColumnKind = 'uint64' | 'time' | 'text' | 'int' | 'decimal' | 'json';

export interface EventColumn {
  /** The column's name in every store and in the export format. */
  readonly name: string;
  /** The Event field it holds. */
  readonly key: keyof Event;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  readonly duckdb: string;
  /** LowCardinality for strings with few distinct values (a dictionary per part); free text is plain. */
  readonly clickhouse: string;
}

type Spec = Omit<EventColumn, 'key'>;

const LOW_TEXT = 'LowCardinality(Nullable(String))';
const TEXT = 'Nullable(String)';

// Keyed by Event field, so the compiler fails when a field has no column or a column no field.
// Object keys keep their insertion order: this order is the table's column order.
const COLUMNS: { readonly [K in keyof Event]-?: Spec } = {
  id: { name: 'id', kind: 'uint64', nullable: false, duckdb: 'UBIGINT', clickhouse: 'UInt64' },
  ts: { name: 'ts', kind: 'time', nullable: false, duckdb: 'TIMESTAMPTZ', clickhouse: "DateTime64(3, 'UTC')" },
  site: { name: 'site', kind: 'text', nullable: false, duckdb: 'VARCHAR', clickhouse: 'LowCardinality(String)' },
  name: { name: 'name', kind: 'text', nullable: false, duckdb: 'VARCHAR', clickhouse: 'LowCardinality(String)' },
  visitorId: { name: 'visitor_id', kind: 'uint64', nullable: false, duckdb: 'UBIGINT', clickhouse: 'UInt64' },
  sessionId: { name: 'session_id', kind: 'uint64', nullable: false, duckdb: 'UBIGINT', clickhouse: 'UInt64' },
  hostname: { name: 'hostname', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  pathname: { name: 'pathname', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: TEXT },
  title: { name: 'title', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: TEXT },
  referrer: { name: 'referrer', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: TEXT },
  source: { name: 'source', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  channel: { name: 'channel', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  utmSource: { name: 'utm_source', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  utmMedium: { name: 'utm_medium', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  utmCampaign: { name: 'utm_campaign', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  utmContent: { name: 'utm_content', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: TEXT },
  utmTerm: { name: 'utm_term', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: TEXT },
  country: { name: 'country', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  region: { name: 'region', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  city: { name: 'city', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  browser: { name: 'browser', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  browserVersion: { name: 'browser_version', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  os: { name: 'os', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  osVersion: { name: 'os_version', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  device: { name: 'device', kind: 'text', nullable: true, duckdb: 'VARCHAR', clickhouse: LOW_TEXT },
  screenWidth: { name: 'screen_width', kind: 'int', nullable: true, duckdb: 'USMALLINT', clickhouse: 'Nullable(UInt16)' },
  screenHeight: { name: 'screen_height', kind: 'int', nullable: true, duckdb: 'USMALLINT', clickhouse: 'Nullable(UInt16)' },
  // A ClickHouse Map cannot be NULL: an event without properties has an empty map there (its
  // dialect reads a missing key as NULL, as DuckDB does).
  props: { name: 'props', kind: 'json', nullable: true, duckdb: 'MAP(VARCHAR, VARCHAR)', clickhouse: 'Map(LowCardinality(String), String)' },
  revenue: { name: 'revenue', kind: 'decimal', nullable: true, duckdb: 'DECIMAL(18, 4)', clickhouse: 'Nullable(Decimal(18, 4))' },
  scrollDepth: { name: 'scroll_depth', kind: 'int', nullable: true, duckdb: 'UTINYINT', clickhouse: 'Nullable(UInt8)' },
  engagedMs: { name: 'engaged_ms', kind: 'int', nullable: true, duckdb: 'UINTEGER', clickhouse: 'Nullable(UInt32)' },
};

export const EVENT_COLUMNS: readonly EventColumn[] = Object.entries(COLUMNS).map(([key, spec]) => ({ key: key as keyof Event, ...spec }));

/** The column names in table order (the export format's columns). */
export const EVENT_COLUMN_NAMES: readonly string[] = EVENT_COLUMNS.map((c) => c.name);
