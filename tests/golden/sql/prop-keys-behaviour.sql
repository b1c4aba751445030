-- prop-keys-behaviour: {"metrics":["visitors","events"],"dimensions":["event:prop_key"],"filters":[["has_done",["is","event:page",["/pricing"]]]]}
-- $1 = "example.com"
-- $2 = "2026-03-01T00:00:00.000Z"
-- $3 = "2026-03-31T00:00:00.000Z"
-- $4 = "/pricing"
-- $5 = 10000
-- $6 = 0
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, props, pathname
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id
    FROM ev
    GROUP BY session_id
  ),
  ev_prop_key AS (
    SELECT ev.*, unnest(map_keys(props)) AS prop_key FROM ev
  ),
  ev_rows AS (
    SELECT ev_prop_key.*, prop_key AS d0
    FROM ev_prop_key JOIN visits ON visits.session_id = ev_prop_key.session_id
    WHERE coalesce(visits.session_id IN (SELECT session_id FROM ev WHERE coalesce(pathname IN ($4), false)), false)
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0
  ),
  event_side AS (
    SELECT d0, count(*) AS e_events
    FROM ev_rows
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(e_events) AS e_events
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS e_events FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, e_events FROM event_side
    ) AS sides
    GROUP BY d0
  )
SELECT d0, coalesce(e_visitors, 0) AS visitors, coalesce(e_events, 0) AS events
FROM merged
ORDER BY visitors DESC NULLS LAST, merged.d0 ASC NULLS LAST
LIMIT $5 OFFSET $6;

-- total_rows
WITH
  ev AS NOT MATERIALIZED (
    SELECT id, ts, name, visitor_id, session_id, props, pathname
    FROM events
    WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts < CAST($3 AS TIMESTAMPTZ) AND name <> 'engagement'
  ),
  visits AS (
    SELECT session_id
    FROM ev
    GROUP BY session_id
  ),
  ev_prop_key AS (
    SELECT ev.*, unnest(map_keys(props)) AS prop_key FROM ev
  ),
  ev_rows AS (
    SELECT ev_prop_key.*, prop_key AS d0
    FROM ev_prop_key JOIN visits ON visits.session_id = ev_prop_key.session_id
    WHERE coalesce(visits.session_id IN (SELECT session_id FROM ev WHERE coalesce(pathname IN ($4), false)), false)
  ),
  visitors_side AS (
    SELECT d0, count(*) AS e_visitors
    FROM (SELECT DISTINCT d0, visitor_id FROM ev_rows) AS per_visitor
    GROUP BY d0
  ),
  event_side AS (
    SELECT d0, count(*) AS e_events
    FROM ev_rows
    GROUP BY d0
  ),
  merged AS (
    SELECT d0, max(e_visitors) AS e_visitors, max(e_events) AS e_events
    FROM (
      SELECT d0, e_visitors, CAST(NULL AS BIGINT) AS e_events FROM visitors_side
      UNION ALL
      SELECT d0, CAST(NULL AS BIGINT) AS e_visitors, e_events FROM event_side
    ) AS sides
    GROUP BY d0
  )
SELECT count(*) AS total_rows FROM merged;
