-- filters-nested: {"metrics":["visitors","pageviews"],"filters":[["is","visit:country",["DE","FR"]],["or",[["contains","event:page",["/blog"]],["matches_not","visit:referrer",["^https://t\\.co/"]]]],["not",["is_not","event:props:author",["ada"]]]]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = "DE"
-- $5 = "FR"
-- $6 = "/blog"
-- $7 = "^https://t\\.co/"
-- $8 = "author"
-- $9 = "ada"
-- $10 = 10000
-- $11 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname, props, country, referrer
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null(country, (ts, id)) AS v_country,
      arg_min_null(referrer, (ts, id)) AS v_referrer
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_country, visits.v_referrer
    FROM ev JOIN visits ON visits.session_id = ev.session_id
    WHERE coalesce(v_country IN ($4, $5), false) AND (coalesce(contains(pathname, $6), false) OR (NOT coalesce(regexp_matches(v_referrer, $7), false))) AND (NOT (NOT coalesce(props[$8] IN ($9), false)))
  ),
  visitors_side AS (
    SELECT count(*) AS e_visitors
    FROM (SELECT DISTINCT visitor_id FROM ev_rows) AS per_visitor
  ),
  event_side AS (
    SELECT count(*) FILTER (WHERE name = 'pageview') AS e_pageviews
    FROM ev_rows
  ),
  merged AS (
    SELECT max(e_visitors) AS e_visitors, max(e_pageviews) AS e_pageviews
    FROM (
      SELECT e_visitors, CAST(NULL AS BIGINT) AS e_pageviews FROM visitors_side
      UNION ALL
      SELECT CAST(NULL AS BIGINT) AS e_visitors, e_pageviews FROM event_side
    ) AS sides
  )
SELECT coalesce(e_visitors, 0) AS visitors, coalesce(e_pageviews, 0) AS pageviews
FROM merged
LIMIT $10 OFFSET $11;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, pathname, props, country, referrer
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id,
      arg_min_null(country, (ts, id)) AS v_country,
      arg_min_null(referrer, (ts, id)) AS v_referrer
    FROM ev
    GROUP BY session_id
  ),
  ev_rows AS (
    SELECT ev.*, visits.v_country, visits.v_referrer
    FROM ev JOIN visits ON visits.session_id = ev.session_id
    WHERE coalesce(v_country IN ($4, $5), false) AND (coalesce(contains(pathname, $6), false) OR (NOT coalesce(regexp_matches(v_referrer, $7), false))) AND (NOT (NOT coalesce(props[$8] IN ($9), false)))
  ),
  visitors_side AS (
    SELECT count(*) AS e_visitors
    FROM (SELECT DISTINCT visitor_id FROM ev_rows) AS per_visitor
  ),
  event_side AS (
    SELECT count(*) FILTER (WHERE name = 'pageview') AS e_pageviews
    FROM ev_rows
  ),
  merged AS (
    SELECT max(e_visitors) AS e_visitors, max(e_pageviews) AS e_pageviews
    FROM (
      SELECT e_visitors, CAST(NULL AS BIGINT) AS e_pageviews FROM visitors_side
      UNION ALL
      SELECT CAST(NULL AS BIGINT) AS e_visitors, e_pageviews FROM event_side
    ) AS sides
  )
SELECT count(*) AS total_rows FROM merged;
