-- breakdown-sources: {"metrics":["visitors","visits","bounce_rate","visit_duration"],"dimensions":["visit:source"],"order_by":[["visits","desc"]]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 10000
-- $5 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, source
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce,
      epoch_ms(max(ts)) - epoch_ms(min(ts)) AS v_duration_ms,
      arg_min_null(source, (ts, id)) AS v_source,
      min(visitor_id) AS v_vid_min,
      max(visitor_id) AS v_vid_max
    FROM ev
    GROUP BY session_id
  ),
  visit_rows AS (
    SELECT visits.*, v_source AS d0
    FROM visits
  ),
  visitor_rows AS (
    SELECT d0, v_vid_min AS visitor_id FROM visit_rows
    UNION ALL
    SELECT visit_rows.d0, ev.visitor_id FROM ev JOIN visit_rows ON visit_rows.session_id = ev.session_id WHERE visit_rows.v_vid_max <> visit_rows.v_vid_min
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM visitor_rows) AS per_visitor
    GROUP BY d0
  ),
  visit_side AS (
    SELECT d0, count(*) AS v_visits, sum(v_bounce) AS v_bounces, sum(v_duration_ms) AS v_duration_sum
    FROM visit_rows
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(v_visits) AS v_visits, max(v_bounces) AS v_bounces, max(v_duration_sum) AS v_duration_sum
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS v_duration_sum FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, v_visits, v_bounces, v_duration_sum FROM visit_side
    ) AS sides
    GROUP BY d0
  )
SELECT d0, coalesce(e_visitors, 0) AS visitors, coalesce(v_visits, 0) AS visits, CASE WHEN v_visits > 0 THEN CAST(v_bounces AS DOUBLE) * 100 / v_visits ELSE 0 END AS bounce_rate, CASE WHEN v_visits > 0 THEN CAST(v_duration_sum AS DOUBLE) / v_visits ELSE 0 END / 1000 AS visit_duration
FROM merged
ORDER BY visits DESC NULLS LAST, merged.d0 ASC NULLS LAST
LIMIT $4 OFFSET $5;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, source
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce,
      epoch_ms(max(ts)) - epoch_ms(min(ts)) AS v_duration_ms,
      arg_min_null(source, (ts, id)) AS v_source,
      min(visitor_id) AS v_vid_min,
      max(visitor_id) AS v_vid_max
    FROM ev
    GROUP BY session_id
  ),
  visit_rows AS (
    SELECT visits.*, v_source AS d0
    FROM visits
  ),
  visitor_rows AS (
    SELECT d0, v_vid_min AS visitor_id FROM visit_rows
    UNION ALL
    SELECT visit_rows.d0, ev.visitor_id FROM ev JOIN visit_rows ON visit_rows.session_id = ev.session_id WHERE visit_rows.v_vid_max <> visit_rows.v_vid_min
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM visitor_rows) AS per_visitor
    GROUP BY d0
  ),
  visit_side AS (
    SELECT d0, count(*) AS v_visits, sum(v_bounce) AS v_bounces, sum(v_duration_ms) AS v_duration_sum
    FROM visit_rows
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(v_visits) AS v_visits, max(v_bounces) AS v_bounces, max(v_duration_sum) AS v_duration_sum
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS v_duration_sum FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, v_visits, v_bounces, v_duration_sum FROM visit_side
    ) AS sides
    GROUP BY d0
  )
SELECT count(*) AS total_rows FROM merged;
