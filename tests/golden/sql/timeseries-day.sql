-- timeseries-day: {"metrics":["visitors","visits","pageviews"],"dimensions":["time:day"]}
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
      min(ts) AS v_start
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_start, ((epoch_ms(ts) + CASE WHEN epoch_ms(ts) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 86400000) AS d0, ((epoch_ms(v_start) + CASE WHEN epoch_ms(v_start) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 86400000) AS vd0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0
  ),
  event_side AS (
    SELECT d0, count(*) FILTER (WHERE name = 'pageview') AS e_pageviews
    FROM ev_rows
    GROUP BY d0
  ),
  visit_side AS (
    SELECT d0, count(*) AS v_visits
    FROM (SELECT DISTINCT vd0 AS d0, session_id FROM ev_rows) AS per_visit
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(v_visits) AS v_visits, max(e_pageviews) AS e_pageviews
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS e_pageviews FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS v_visits, e_pageviews FROM event_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, v_visits, CAST(NULL AS BIGINT) AS e_pageviews FROM visit_side
    ) AS sides
    GROUP BY d0
  )
SELECT strftime(epoch_ms(d0 * 86400000), '%Y-%m-%d') AS d0, coalesce(e_visitors, 0) AS visitors, coalesce(v_visits, 0) AS visits, coalesce(e_pageviews, 0) AS pageviews
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
      min(ts) AS v_start
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_start, ((epoch_ms(ts) + CASE WHEN epoch_ms(ts) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 86400000) AS d0, ((epoch_ms(v_start) + CASE WHEN epoch_ms(v_start) < CAST($4 AS BIGINT) THEN CAST($5 AS BIGINT) ELSE CAST($6 AS BIGINT) END) // 86400000) AS vd0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0
  ),
  event_side AS (
    SELECT d0, count(*) FILTER (WHERE name = 'pageview') AS e_pageviews
    FROM ev_rows
    GROUP BY d0
  ),
  visit_side AS (
    SELECT d0, count(*) AS v_visits
    FROM (SELECT DISTINCT vd0 AS d0, session_id FROM ev_rows) AS per_visit
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(v_visits) AS v_visits, max(e_pageviews) AS e_pageviews
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS e_pageviews FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS v_visits, e_pageviews FROM event_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, v_visits, CAST(NULL AS BIGINT) AS e_pageviews FROM visit_side
    ) AS sides
    GROUP BY d0
  )
SELECT count(*) AS total_rows FROM merged;
