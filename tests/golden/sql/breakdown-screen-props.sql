-- breakdown-screen-props: {"metrics":["visitors","events"],"dimensions":["visit:screen","event:props:plan"]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = "plan"
-- $5 = 10000
-- $6 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, props, screen_width, screen_height
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null((CAST(screen_width AS VARCHAR) || 'x' || CAST(screen_height AS VARCHAR)), (ts, id)) AS v_screen
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_screen, v_screen AS d0, props[$4] AS d1
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  visitors_side AS (
    SELECT d0, d1, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, d1, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0, d1
  ),
  event_side AS (
    SELECT d0, d1, count(*) AS e_events
    FROM ev_rows
    GROUP BY d0, d1
  ),
  merged AS (
    SELECT d0, d1, max(e_visitors) AS e_visitors, max(e_events) AS e_events
    FROM (
      SELECT d0, d1, e_visitors, CAST(NULL AS BIGINT) AS e_events FROM visitors_side
      UNION ALL
      SELECT d0, d1, CAST(NULL AS BIGINT) AS e_visitors, e_events FROM event_side
    ) AS sides
    GROUP BY d0, d1
  )
SELECT d0, d1, coalesce(e_visitors, 0) AS visitors, coalesce(e_events, 0) AS events
FROM merged
ORDER BY visitors DESC NULLS LAST, merged.d0 ASC NULLS LAST, merged.d1 ASC NULLS LAST
LIMIT $5 OFFSET $6;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, props, screen_width, screen_height
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null((CAST(screen_width AS VARCHAR) || 'x' || CAST(screen_height AS VARCHAR)), (ts, id)) AS v_screen
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_screen, v_screen AS d0, props[$4] AS d1
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  visitors_side AS (
    SELECT d0, d1, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, d1, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0, d1
  ),
  event_side AS (
    SELECT d0, d1, count(*) AS e_events
    FROM ev_rows
    GROUP BY d0, d1
  ),
  merged AS (
    SELECT d0, d1, max(e_visitors) AS e_visitors, max(e_events) AS e_events
    FROM (
      SELECT d0, d1, e_visitors, CAST(NULL AS BIGINT) AS e_events FROM visitors_side
      UNION ALL
      SELECT d0, d1, CAST(NULL AS BIGINT) AS e_visitors, e_events FROM event_side
    ) AS sides
    GROUP BY d0, d1
  )
SELECT count(*) AS total_rows FROM merged;
