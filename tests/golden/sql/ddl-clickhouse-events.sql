CREATE DATABASE IF NOT EXISTS inkling;

CREATE TABLE IF NOT EXISTS inkling.events
(
  id UInt64,
  ts DateTime64(3, 'UTC'),
  site LowCardinality(String),
  name LowCardinality(String),
  visitor_id UInt64,
  session_id UInt64,
  hostname LowCardinality(Nullable(String)),
  pathname Nullable(String),
  title Nullable(String),
  referrer Nullable(String),
  source LowCardinality(Nullable(String)),
  channel LowCardinality(Nullable(String)),
  utm_source LowCardinality(Nullable(String)),
  utm_medium LowCardinality(Nullable(String)),
  utm_campaign LowCardinality(Nullable(String)),
  utm_content Nullable(String),
  utm_term Nullable(String),
  country LowCardinality(Nullable(String)),
  region LowCardinality(Nullable(String)),
  city LowCardinality(Nullable(String)),
  browser LowCardinality(Nullable(String)),
  browser_version LowCardinality(Nullable(String)),
  os LowCardinality(Nullable(String)),
  os_version LowCardinality(Nullable(String)),
  device LowCardinality(Nullable(String)),
  screen_width Nullable(UInt16),
  screen_height Nullable(UInt16),
  props Map(LowCardinality(String), String),
  revenue Nullable(Decimal(18, 4)),
  scroll_depth Nullable(UInt8),
  engaged_ms Nullable(UInt32)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (site, toDate(ts), visitor_id, ts);
