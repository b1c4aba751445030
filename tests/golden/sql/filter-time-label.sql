-- filter-time-label: {"metrics":["visitors"],"dimensions":["visit:device"],"filters":[["is","time:day",["2026-03-29"]]]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 1774746000000
-- $5 = 3600000
-- $6 = 7200000
-- $7 = "2026-03-29"
-- $8 = 10000
-- $9 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, device
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null(device, (ts, id)) AS v_device
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_device, v_device AS d0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
    WHERE coalesce(strftime(epoch_ms(((epoch_ms(ts) + CASE WHEN epoch_ms(ts) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 86400000) * 86400000), '%Y-%m-%d') IN ($7), false)
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, e_visitors FROM visitors_side
  )
SELECT d0, coalesce(e_visitors, 0) AS visitors
FROM merged
ORDER BY visitors DESC NULLS LAST, merged.d0 ASC NULLS LAST
LIMIT $8 OFFSET $9;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, device
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null(device, (ts, id)) AS v_device
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_device, v_device AS d0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
    WHERE coalesce(strftime(epoch_ms(((epoch_ms(ts) + CASE WHEN epoch_ms(ts) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 86400000) * 86400000), '%Y-%m-%d') IN ($7), false)
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, e_visitors FROM visitors_side
  )
SELECT count(*) AS total_rows FROM merged;
