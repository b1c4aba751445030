-- aggregate-events-revenue: {"metrics":["events","total_revenue","average_revenue"]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 10000
-- $5 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, revenue
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  ev_rows AS (
    SELECT ev.*
    FROM ev
  ),
  event_side AS (
    SELECT count(*) AS e_events, CAST(sum(revenue) AS DOUBLE) AS e_revenue_sum, count(revenue) AS e_revenue_count
    FROM ev_rows
  ),
  merged AS (
    SELECT e_events, e_revenue_sum, e_revenue_count FROM event_side
  )
SELECT coalesce(e_events, 0) AS events, e_revenue_sum AS total_revenue, CASE WHEN e_revenue_count > 0 THEN e_revenue_sum / e_revenue_count END AS average_revenue
FROM merged
LIMIT $4 OFFSET $5;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, revenue
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  ev_rows AS (
    SELECT ev.*
    FROM ev
  ),
  event_side AS (
    SELECT count(*) AS e_events, CAST(sum(revenue) AS DOUBLE) AS e_revenue_sum, count(revenue) AS e_revenue_count
    FROM ev_rows
  ),
  merged AS (
    SELECT e_events, e_revenue_sum, e_revenue_count FROM event_side
  )
SELECT count(*) AS total_rows FROM merged;
