// The first schema: events (one row per accepted event), sites and daily salts.
import type { Statement } from './index.ts';

export const version = 1;

export const statements: readonly Statement[] = [
  `CREATE TABLE sites (
    domain VARCHAR PRIMARY KEY,
    timezone VARCHAR NOT NULL DEFAULT 'UTC',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
  // Only today's and yesterday's salt ever exist (see src/ingest/salt.ts). BYTEA is DuckDB's BLOB.
  `CREATE TABLE salts (
    day DATE PRIMARY KEY,
    salt BYTEA NOT NULL
  )`,
  // PostgreSQL holds app data only: its events are in ClickHouse (see src/store/event-store.ts).
  { postgres: null, duckdb: `CREATE TABLE events (
    id UBIGINT NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    site VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    visitor_id UBIGINT NOT NULL,
    session_id UBIGINT NOT NULL,
    hostname VARCHAR,
    pathname VARCHAR,
    title VARCHAR,
    referrer VARCHAR,
    source VARCHAR,
    channel VARCHAR,
    utm_source VARCHAR,
    utm_medium VARCHAR,
    utm_campaign VARCHAR,
    utm_content VARCHAR,
    utm_term VARCHAR,
    country VARCHAR,
    region VARCHAR,
    city VARCHAR,
    browser VARCHAR,
    browser_version VARCHAR,
    os VARCHAR,
    os_version VARCHAR,
    device VARCHAR,
    screen_width USMALLINT,
    screen_height USMALLINT,
    props MAP(VARCHAR, VARCHAR),
    revenue DECIMAL(18, 4),
    scroll_depth UTINYINT,
    engaged_ms UINTEGER
  )` },
];
