-- timeseries-hour-visits: {"metrics":["visits","bounce_rate"],"dimensions":["time:hour"]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 1774746000000
-- $5 = 3600000
-- $6 = 7200000
-- $7 = 10000
-- $8 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce,
      min(ts) AS v_start
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_bounce, visits.v_start, ((epoch_ms(ts) + CASE WHEN epoch_ms(ts) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 3600000) AS d0, ((epoch_ms(v_start) + CASE WHEN epoch_ms(v_start) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 3600000) AS vd0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  visit_side AS (
    SELECT d0, count(*) AS v_visits, sum(v_bounce) AS v_bounces
    FROM (SELECT DISTINCT vd0 AS d0, session_id, v_bounce FROM ev_rows) AS per_visit
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, v_visits, v_bounces FROM visit_side
  )
SELECT strftime(epoch_ms(d0 * 3600000), '%Y-%m-%d %H:00:00') AS d0, coalesce(v_visits, 0) AS visits, CASE WHEN v_visits > 0 THEN CAST(v_bounces AS DOUBLE) * 100 / v_visits ELSE 0 END AS bounce_rate
FROM merged
ORDER BY merged.d0 ASC NULLS LAST
LIMIT $7 OFFSET $8;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce,
      min(ts) AS v_start
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_bounce, visits.v_start, ((epoch_ms(ts) + CASE WHEN epoch_ms(ts) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 3600000) AS d0, ((epoch_ms(v_start) + CASE WHEN epoch_ms(v_start) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 3600000) AS vd0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  visit_side AS (
    SELECT d0, count(*) AS v_visits, sum(v_bounce) AS v_bounces
    FROM (SELECT DISTINCT vd0 AS d0, session_id, v_bounce FROM ev_rows) AS per_visit
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, v_visits, v_bounces FROM visit_side
  )
SELECT count(*) AS total_rows FROM merged;
