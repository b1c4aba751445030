// Goals, saved funnels and saved segments, per site. Plain types so the same SQL runs on
// PostgreSQL; list-valued fields (funnel steps, segment filters) are JSON text.
export const version = 5;

export const statements = [
  `CREATE TABLE goals (
    id VARCHAR PRIMARY KEY,
    site VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    page_path VARCHAR,
    event_name VARCHAR,
    prop_key VARCHAR,
    prop_value VARCHAR,
    currency VARCHAR,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (site, name)
  )`,
  `CREATE TABLE funnels (
    id VARCHAR PRIMARY KEY,
    site VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    steps VARCHAR NOT NULL,
    window_seconds INTEGER,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (site, name)
  )`,
  `CREATE TABLE segments (
    id VARCHAR PRIMARY KEY,
    site VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    filters VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (site, name)
  )`,
];
