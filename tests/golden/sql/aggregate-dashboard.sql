-- aggregate-dashboard: {"metrics":["visitors","visits","pageviews","views_per_visit","bounce_rate","visit_duration"]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 10000
-- $5 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      count(*) FILTER (WHERE name = 'pageview') AS v_pageviews,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce,
      epoch_ms(max(ts)) - epoch_ms(min(ts)) AS v_duration_ms,
      min(visitor_id) AS v_vid_min,
      max(visitor_id) AS v_vid_max
    FROM ev
    GROUP BY session_id
  ),
  visit_rows AS (
    SELECT visits.*
    FROM visits
  ),
  visitor_rows AS (
    SELECT v_vid_min AS visitor_id FROM visit_rows
    UNION ALL
    SELECT ev.visitor_id FROM ev JOIN visit_rows ON visit_rows.session_id = ev.session_id WHERE visit_rows.v_vid_max <> visit_rows.v_vid_min
  ),
  visitors_side AS (
    SELECT count(*) AS e_visitors
    FROM (SELECT DISTINCT visitor_id FROM visitor_rows) AS per_visitor
  ),
  event_side AS (
    SELECT sum(v_pageviews) AS e_pageviews
    FROM visit_rows
  ),
  visit_side AS (
    SELECT count(*) AS v_visits, sum(v_pageviews) AS v_pageviews_sum, sum(v_bounce) AS v_bounces, sum(v_duration_ms) AS v_duration_sum
    FROM visit_rows
  ),
  merged AS (
    SELECT max(e_visitors) AS e_visitors, max(v_visits) AS v_visits, max(e_pageviews) AS e_pageviews, max(v_pageviews_sum) AS v_pageviews_sum, max(v_bounces) AS v_bounces, max(v_duration_sum) AS v_duration_sum
    FROM (
      SELECT e_visitors, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_pageviews_sum, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS v_duration_sum FROM visitors_side
      UNION ALL
      SELECT CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS v_visits, e_pageviews, CAST(NULL AS BIGINT) AS v_pageviews_sum, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS v_duration_sum FROM event_side
      UNION ALL
      SELECT CAST(NULL AS BIGINT) AS e_visitors, v_visits, CAST(NULL AS BIGINT) AS e_pageviews, v_pageviews_sum, v_bounces, v_duration_sum FROM visit_side
    ) AS sides
  )
SELECT coalesce(e_visitors, 0) AS visitors, coalesce(v_visits, 0) AS visits, coalesce(e_pageviews, 0) AS pageviews, CASE WHEN v_visits > 0 THEN CAST(v_pageviews_sum AS DOUBLE) / v_visits ELSE 0 END AS views_per_visit, CASE WHEN v_visits > 0 THEN CAST(v_bounces AS DOUBLE) * 100 / v_visits ELSE 0 END AS bounce_rate, CASE WHEN v_visits > 0 THEN CAST(v_duration_sum AS DOUBLE) / v_visits ELSE 0 END / 1000 AS visit_duration
FROM merged
LIMIT $4 OFFSET $5;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      count(*) FILTER (WHERE name = 'pageview') AS v_pageviews,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce,
      epoch_ms(max(ts)) - epoch_ms(min(ts)) AS v_duration_ms,
      min(visitor_id) AS v_vid_min,
      max(visitor_id) AS v_vid_max
    FROM ev
    GROUP BY session_id
  ),
  visit_rows AS (
    SELECT visits.*
    FROM visits
  ),
  visitor_rows AS (
    SELECT v_vid_min AS visitor_id FROM visit_rows
    UNION ALL
    SELECT ev.visitor_id FROM ev JOIN visit_rows ON visit_rows.session_id = ev.session_id WHERE visit_rows.v_vid_max <> visit_rows.v_vid_min
  ),
  visitors_side AS (
    SELECT count(*) AS e_visitors
    FROM (SELECT DISTINCT visitor_id FROM visitor_rows) AS per_visitor
  ),
  event_side AS (
    SELECT sum(v_pageviews) AS e_pageviews
    FROM visit_rows
  ),
  visit_side AS (
    SELECT count(*) AS v_visits, sum(v_pageviews) AS v_pageviews_sum, sum(v_bounce) AS v_bounces, sum(v_duration_ms) AS v_duration_sum
    FROM visit_rows
  ),
  merged AS (
    SELECT max(e_visitors) AS e_visitors, max(v_visits) AS v_visits, max(e_pageviews) AS e_pageviews, max(v_pageviews_sum) AS v_pageviews_sum, max(v_bounces) AS v_bounces, max(v_duration_sum) AS v_duration_sum
    FROM (
      SELECT e_visitors, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_pageviews_sum, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS v_duration_sum FROM visitors_side
      UNION ALL
      SELECT CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS v_visits, e_pageviews, CAST(NULL AS BIGINT) AS v_pageviews_sum, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS v_duration_sum FROM event_side
      UNION ALL
      SELECT CAST(NULL AS BIGINT) AS e_visitors, v_visits, CAST(NULL AS BIGINT) AS e_pageviews, v_pageviews_sum, v_bounces, v_duration_sum FROM visit_side
    ) AS sides
  )
SELECT count(*) AS total_rows FROM merged;
