-- breakdown-pages: {"metrics":["visitors","pageviews","bounce_rate","time_on_page","scroll_depth"],"dimensions":["event:page"],"pagination":{"limit":10,"offset":20}}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = 10
-- $5 = 20
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_bounce, pathname AS d0, pathname AS vd0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  eng AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname, engaged_ms, scroll_depth
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name = 'engagement'
  ),
  eng_rows AS (
    SELECT eng.*, visits.v_bounce, pathname AS d0
    FROM eng LEFT JOIN visits ON visits.session_id = eng.session_id
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
    SELECT d0, count(*) AS v_visits, sum(v_bounce) AS v_bounces
    FROM (SELECT DISTINCT vd0 AS d0, session_id, v_bounce FROM ev_rows) AS per_visit
    GROUP BY d0
  ),
  time_side AS (
    SELECT d0, sum(engaged_ms) AS t_engaged_ms, count(DISTINCT visitor_id) AS t_visitors
    FROM eng_rows WHERE engaged_ms IS NOT NULL
    GROUP BY d0
  ),
  scroll_side AS (
    SELECT d0, sum(max_scroll) AS s_sum, count(*) AS s_count
    FROM (SELECT d0, max(scroll_depth) AS max_scroll FROM eng_rows WHERE scroll_depth IS NOT NULL GROUP BY d0, visitor_id, pathname) AS per_page
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(e_pageviews) AS e_pageviews, max(v_visits) AS v_visits, max(v_bounces) AS v_bounces, max(t_engaged_ms) AS t_engaged_ms, max(t_visitors) AS t_visitors, max(s_sum) AS s_sum, max(s_count) AS s_count
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM event_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, v_visits, v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM visit_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, t_engaged_ms, t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM time_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, s_sum, s_count FROM scroll_side
    ) AS sides
    GROUP BY d0
  )
SELECT d0, coalesce(e_visitors, 0) AS visitors, coalesce(e_pageviews, 0) AS pageviews, CASE WHEN v_visits > 0 THEN CAST(v_bounces AS DOUBLE) * 100 / v_visits ELSE 0 END AS bounce_rate, CASE WHEN t_visitors > 0 THEN CAST(t_engaged_ms AS DOUBLE) / t_visitors / 1000 END AS time_on_page, CASE WHEN s_count > 0 THEN CAST(s_sum AS DOUBLE) / s_count END AS scroll_depth
FROM merged
ORDER BY visitors DESC NULLS LAST, merged.d0 ASC NULLS LAST
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
      CASE WHEN count(*) = 1 AND count(*) FILTER (WHERE name = 'pageview') = 1 THEN 1 ELSE 0 END AS v_bounce
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_bounce, pathname AS d0, pathname AS vd0
    FROM ev JOIN visits ON visits.session_id = ev.session_id
  ),
  eng AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname, engaged_ms, scroll_depth
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name = 'engagement'
  ),
  eng_rows AS (
    SELECT eng.*, visits.v_bounce, pathname AS d0
    FROM eng LEFT JOIN visits ON visits.session_id = eng.session_id
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
    SELECT d0, count(*) AS v_visits, sum(v_bounce) AS v_bounces
    FROM (SELECT DISTINCT vd0 AS d0, session_id, v_bounce FROM ev_rows) AS per_visit
    GROUP BY d0
  ),
  time_side AS (
    SELECT d0, sum(engaged_ms) AS t_engaged_ms, count(DISTINCT visitor_id) AS t_visitors
    FROM eng_rows WHERE engaged_ms IS NOT NULL
    GROUP BY d0
  ),
  scroll_side AS (
    SELECT d0, sum(max_scroll) AS s_sum, count(*) AS s_count
    FROM (SELECT d0, max(scroll_depth) AS max_scroll FROM eng_rows WHERE scroll_depth IS NOT NULL GROUP BY d0, visitor_id, pathname) AS per_page
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(e_pageviews) AS e_pageviews, max(v_visits) AS v_visits, max(v_bounces) AS v_bounces, max(t_engaged_ms) AS t_engaged_ms, max(t_visitors) AS t_visitors, max(s_sum) AS s_sum, max(s_count) AS s_count
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM event_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, v_visits, v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM visit_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, t_engaged_ms, t_visitors, CAST(NULL AS BIGINT) AS s_sum, CAST(NULL AS BIGINT) AS s_count FROM time_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, CAST(NULL AS BIGINT) AS e_pageviews, CAST(NULL AS BIGINT) AS v_visits, CAST(NULL AS BIGINT) AS v_bounces, CAST(NULL AS BIGINT) AS t_engaged_ms, CAST(NULL AS BIGINT) AS t_visitors, s_sum, s_count FROM scroll_side
    ) AS sides
    GROUP BY d0
  )
SELECT count(*) AS total_rows FROM merged;
