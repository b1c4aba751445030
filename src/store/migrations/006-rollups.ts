// Daily rollups for the stats fast path (query/rollup/): each visit's span, and per UTC day the
// dashboard's aggregates of the visits that began that day. Both are derived from `events` and
// can be rebuilt from it; PostgreSQL app data has no events here (they are in ClickHouse).
export const version = 6;

export const statements = [
  {
    // One row per visit: its first and last non-engagement event and its visitor ids. Kept by the
    // writer in the same transaction that stores events (event-sink.ts).
    duckdb: `CREATE TABLE visit_spans (
      site VARCHAR NOT NULL,
      session_id UBIGINT NOT NULL,
      start_ts TIMESTAMPTZ NOT NULL,
      end_ts TIMESTAMPTZ NOT NULL,
      vid_min UBIGINT NOT NULL,
      vid_max UBIGINT NOT NULL
    )`,
    postgres: null,
  },
  {
    duckdb: `INSERT INTO visit_spans
      SELECT site, session_id, min(ts), max(ts), min(visitor_id), max(visitor_id)
      FROM events WHERE name <> 'engagement' GROUP BY site, session_id ORDER BY min(ts)`,
    postgres: null,
  },
  {
    // A day's state: 'built' (its rollups are complete and usable) or 'unclean' (a visitor id of
    // that day also appears on another day, so its visitors cannot be added up; never used).
    duckdb: `CREATE TABLE rollup_days (
      site VARCHAR NOT NULL,
      day TIMESTAMPTZ NOT NULL,
      state VARCHAR NOT NULL,
      tz VARCHAR NOT NULL,
      max_end TIMESTAMPTZ,
      PRIMARY KEY (site, day)
    )`,
    postgres: null,
  },
  {
    // A counter per (site, UTC day) bumped by every transaction that changes that day's visits
    // (the writer, deletes) and by the one that rolls the day up: two of them at once conflict
    // in DuckDB, so rollups never commit over a change they did not see.
    duckdb: `CREATE TABLE span_days (
      site VARCHAR NOT NULL,
      day TIMESTAMPTZ NOT NULL,
      epoch BIGINT NOT NULL,
      PRIMARY KEY (site, day)
    )`,
    postgres: null,
  },
  {
    // Raw columns (query/sql/sides.ts) per (site, day, dimension, value) over the visits that
    // began that UTC day, whole. dim '' is the query without dimensions.
    duckdb: `CREATE TABLE rollups (
      site VARCHAR NOT NULL,
      day TIMESTAMPTZ NOT NULL,
      dim VARCHAR NOT NULL,
      value VARCHAR,
      e_visitors BIGINT,
      e_pageviews BIGINT,
      e_events BIGINT,
      v_visits BIGINT,
      v_pageviews_sum BIGINT,
      v_bounces BIGINT,
      v_duration_sum BIGINT
    )`,
    postgres: null,
  },
];
