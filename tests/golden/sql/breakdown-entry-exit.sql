-- breakdown-entry-exit: {"metrics":["visits"],"dimensions":["visit:entry_page","visit:exit_page"]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 10000
-- $5 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null(pathname, (ts, id)) FILTER (WHERE name = 'pageview') AS v_entry_page,
      arg_max_null(pathname, (ts, id)) FILTER (WHERE name = 'pageview') AS v_exit_page
    FROM ev
    GROUP BY session_id
  ),
  visit_rows AS (
    SELECT visits.*, v_entry_page AS d0, v_exit_page AS d1
    FROM visits
  ),
  visit_side AS (
    SELECT d0, d1, count(*) AS v_visits
    FROM visit_rows
    GROUP BY d0, d1
  ),
  merged AS (
    SELECT d0, d1, v_visits FROM visit_side
  )
SELECT d0, d1, coalesce(v_visits, 0) AS visits
FROM merged
ORDER BY visits DESC NULLS LAST, merged.d0 ASC NULLS LAST, merged.d1 ASC NULLS LAST
LIMIT $4 OFFSET $5;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null(pathname, (ts, id)) FILTER (WHERE name = 'pageview') AS v_entry_page,
      arg_max_null(pathname, (ts, id)) FILTER (WHERE name = 'pageview') AS v_exit_page
    FROM ev
    GROUP BY session_id
  ),
  visit_rows AS (
    SELECT visits.*, v_entry_page AS d0, v_exit_page AS d1
    FROM visits
  ),
  visit_side AS (
    SELECT d0, d1, count(*) AS v_visits
    FROM visit_rows
    GROUP BY d0, d1
  ),
  merged AS (
    SELECT d0, d1, v_visits FROM visit_side
  )
SELECT count(*) AS total_rows FROM merged;
