// A funnel as SQL: per visit, the furthest step reached with each step a strictly later event
// (by ts, then id) than the last, optionally all within a window of the first step's event;
// then distinct visitors per step. See ../SEMANTICS.md (Funnels).
import type { SqlValue } from '../../store/duckdb.ts';
import type { Filter } from '../model.ts';
import type { GoalSpec } from '../../store/goal-store.ts';
import type { OffsetSpan } from '../zone-offsets.ts';
import { eventSourceColumns, isVisitDimension, visitAggregate, visitColumn, visitSourceColumns, type ExprContext } from './columns.ts';
import type { Dialect } from './dialect.ts';
import { filterDimensions, filterSql } from './filters.ts';
import { goalCondition } from './goal-sql.ts';
import { Params } from './params.ts';
import { unique } from './plan.ts';

export interface FunnelSqlQuery {
  site: string;
  /** Epoch ms, half-open [start, end). */
  start: number;
  end: number;
  spans: OffsetSpan[];
  /** AND-ed; they choose the visits (a visit is in when any of its events matches). */
  filters: Filter[];
  steps: readonly GoalSpec[];
  /** Every step after the first within this many ms of the first step's event; null: the whole visit. */
  windowMs: number | null;
  /** The site's goals (for event:goal filters). */
  goals: readonly GoalSpec[];
}

/** Rows (step, visitors) for the steps some visitor reached. */
export function buildFunnelSql(q: FunnelSqlQuery, d: Dialect): { sql: string; params: SqlValue[] } {
  const params = new Params(d);
  const range = { site: params.add(q.site), start: params.add(new Date(q.start).toISOString(), 'timestamp'), end: params.add(new Date(q.end).toISOString(), 'timestamp') };
  const ctx: ExprContext = { dialect: d, params, spans: q.spans, goals: q.goals };
  const dims = q.filters.flatMap(filterDimensions);
  const visitDims = unique(dims.filter(isVisitDimension));
  const columns = unique(['id', 'ts', 'name', 'visitor_id', 'session_id', 'pathname', 'props', ...dims.flatMap(eventSourceColumns), ...visitDims.flatMap(visitSourceColumns)]);
  const visitCols = ['session_id', `${d.firstBy('visitor_id')} AS v_visitor`, ...visitDims.map((v) => `${visitAggregate(v, d)} AS ${visitColumn(v)}`)];
  const filter = q.filters.map((f) => filterSql(f, ctx)).join(' AND ');
  const conds = q.steps.map((g) => goalCondition(g, ctx));
  const ctes = [
    d.cte('ev', `
    SELECT ${columns.join(', ')}
    FROM events
    WHERE site = ${range.site} AND ts >= ${d.timestamp(range.start)} AND ts < ${d.timestamp(range.end)} AND name <> 'engagement'
  `, 'inline'),
    `visits AS (\n    SELECT ${visitCols.join(', ')}\n    FROM ev\n    GROUP BY session_id\n  )`,
    filter
      ? `chosen AS (\n    SELECT DISTINCT visits.session_id AS session_id, visits.v_visitor AS v_visitor\n    FROM ev JOIN visits ON visits.session_id = ev.session_id\n    WHERE ${filter}\n  )`
      : `chosen AS (\n    SELECT session_id, v_visitor FROM visits\n  )`,
    `step_ev AS (
    SELECT ev.session_id, ev.ts, ev.id, ${d.epochMs('ev.ts')} AS ms, ${conds.map((c, i) => `CASE WHEN ${c} THEN 1 ELSE 0 END AS m${i + 1}`).join(', ')}
    FROM ev JOIN chosen ON chosen.session_id = ev.session_id
    WHERE ${conds.join(' OR ')}
  )`,
    firstStepCte(q, d),
    ...q.steps.slice(1).map((_, i) => nextStepCte(i + 2, q, d, params)),
    `reached AS (\n    ${q.steps.map((_, i) => `SELECT ${i + 1} AS step, session_id FROM s${i + 1}`).join('\n    UNION ALL\n    ')}\n  )`,
  ];
  const sql = `WITH\n${ctes.map((c) => `  ${c}`).join(',\n')}
SELECT step, ${d.countDistinct('v_visitor')} AS visitors
FROM reached JOIN chosen ON chosen.session_id = reached.session_id
GROUP BY step
ORDER BY step`;
  return { sql, params: params.values };
}

/**
 * Step 1 starts a try: without a window only each visit's earliest step-1 event (greedy from
 * there is optimal); with one, every step-1 event, since a later start may fit in the window.
 */
function firstStepCte(q: FunnelSqlQuery, d: Dialect): string {
  if (q.windowMs === null) {
    return `s1 AS (\n    SELECT session_id, ${d.firstBy('id')} AS start_id, min(ms) AS start_ms, min(ts) AS step_ts, ${d.firstBy('id')} AS step_id\n    FROM step_ev WHERE m1 = 1\n    GROUP BY session_id\n  )`;
  }
  return `s1 AS (\n    SELECT session_id, id AS start_id, ms AS start_ms, ts AS step_ts, id AS step_id\n    FROM step_ev WHERE m1 = 1\n  )`;
}

/**
 * Step k of each try: the earliest step-k event after the try's step k-1 event (and in the
 * window). Its time and id are named step_ts and step_id: an aggregate named like the column it
 * reads (min(ts) AS ts) is that aggregate again to ClickHouse when a later step reads it.
 */
function nextStepCte(k: number, q: FunnelSqlQuery, d: Dialect, params: Params): string {
  const window = q.windowMs === null ? '' : ` AND e.ms - p.start_ms <= ${d.integer(params.add(q.windowMs))}`;
  return `s${k} AS (
    SELECT session_id, start_id, start_ms, min(ts) AS step_ts, ${d.firstBy('id')} AS step_id
    FROM (
      SELECT p.session_id, p.start_id, p.start_ms, e.ts, e.id
      FROM s${k - 1} AS p JOIN step_ev AS e ON e.session_id = p.session_id
      WHERE e.m${k} = 1 AND (e.ts > p.step_ts OR (e.ts = p.step_ts AND e.id > p.step_id))${window}
    ) AS candidates
    GROUP BY session_id, start_id, start_ms
  )`;
}
