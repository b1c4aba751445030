// The one SQL builder: SqlQuery -> {sql, params}. Values are always bound; identifiers come only
// from the closed enums in model.ts. See ../SEMANTICS.md for what each metric means.
//
// Shape: `ev` (the range's events) -> `visits` (one row per session) -> rows (events joined with
// their visit, or whole visits when only visit dimensions are involved) -> "sides" (partial
// aggregates per dimension tuple: visitors, event counts, visit totals, engagement) -> `merged`.
import type { SqlValue } from '../../store/duckdb.ts';
import { assertNever, isTimeDimension, timeUnitOf, type Dimension, type OrderBy } from '../model.ts';
import { dimensionExpr, visitAggregate, visitColumn } from './columns.ts';
import type { Dialect } from './dialect.ts';
import { expandCte, expandedColumn } from './goal-sql.ts';
import { makePlan, unique, type Plan, type SqlQuery, type VisitStat } from './plan.ts';
import type { Params } from './params.ts';
import { metricExpr, rawAggregate, type SideName, type SqlMetric } from './sides.ts';
import { dayEvBody, rollupSelect, splitEvBody, splitMergedCte, type RollupSplit } from './rollup-sql.ts';

export type { SqlQuery } from './plan.ts';

export interface BuiltSql {
  sql: string;
  params: SqlValue[];
}

/** How a statement reads events: the whole range, split around built rollup days, or one day's visits. */
export type EventSource = { kind: 'range' } | { kind: 'split'; split: RollupSplit } | { kind: 'day' };

const RANGE: EventSource = { kind: 'range' };

export function buildSql(q: SqlQuery, dialect: Dialect, source: EventSource = RANGE): BuiltSql {
  return build(q, dialect, 'rows', source);
}

/** How many groups the query has (for include.total_rows), ignoring order and pagination. */
export function buildCountSql(q: SqlQuery, dialect: Dialect, source: EventSource = RANGE): BuiltSql {
  return build(q, dialect, 'count', source);
}

/**
 * One UTC day's rollup rows for the query's dimension, from that day's copied events
 * (rollup-sql.ts). Statements built with one `params` share their placeholders.
 */
export function buildRollupSql(q: SqlQuery, dialect: Dialect, params: Params): BuiltSql {
  return build(q, dialect, 'rollup', { kind: 'day' }, params);
}

function build(q: SqlQuery, dialect: Dialect, output: 'rows' | 'count' | 'rollup', source: EventSource, params?: Params): BuiltSql {
  const p = makePlan(q, dialect, params);
  const ctes = [evCte(p, source)];
  if (p.needsVisits) ctes.push(visitsCte(p));
  if (p.kind === 'visit') {
    ctes.push(visitRowsCte(p));
    if (p.sides.includes('visitors')) ctes.push(visitorRowsCte(p));
  } else {
    ctes.push(...expandCtes(p), rowsCte(p, 'ev_rows', expandedSource(p), 'JOIN'));
  }
  if (p.sides.includes('time') || p.sides.includes('scroll')) ctes.push(rangeCte(p, 'eng', `name = 'engagement'`), rowsCte(p, 'eng_rows', 'eng', 'LEFT JOIN'));
  for (const side of p.sides) ctes.push(`${side}_side AS (\n    ${sideSelect(p, side)}\n  )`);
  if (source.kind === 'split') ctes.push(mergedCte(p, 'raw_merged'), splitMergedCte(p, source.split));
  else ctes.push(mergedCte(p, 'merged'));
  const final = output === 'count' ? 'SELECT count(*) AS total_rows FROM merged' : output === 'rollup' ? rollupSelect(p) : finalSelect(p, source.kind === 'split');
  return { sql: `WITH\n${ctes.map((c) => `  ${c}`).join(',\n')}\n${final}`, params: p.ctx.params.values };
}

/** Event-goal / property-key dimensions: ev -> ev_goal -> ev_prop_key, each adding its column. */
function expandCtes(p: Plan): string[] {
  let source = 'ev';
  return p.expand.map((dim) => {
    const name = `ev_${expandedColumn(dim)}`;
    const cte = expandCte(dim, name, source, p.ctx);
    source = name;
    return cte;
  });
}

function expandedSource(p: Plan): string {
  const last = p.expand.at(-1);
  return last ? `ev_${expandedColumn(last)}` : 'ev';
}

function rangeCte(p: Plan, name: string, nameTest: string): string {
  const extra = name === 'eng' ? ['pathname', 'engaged_ms', 'scroll_depth'] : [];
  const { dialect: d } = p.ctx;
  // A plain scan: re-reading the columns is cheaper than the engine copying them.
  return d.cte(name, `
    SELECT ${unique([...p.eventColumns, ...extra]).join(', ')}
    FROM events
    WHERE site = ${p.range.site} AND ts >= ${d.timestamp(p.range.start)} AND ts < ${d.timestamp(p.range.end)} AND ${nameTest}
  `, 'inline');
}

/** The range's (non-engagement) events, from where the source says. */
function evCte(p: Plan, source: EventSource): string {
  const nameTest = `name <> 'engagement'`;
  const columns = p.eventColumns.join(', ');
  switch (source.kind) {
    case 'range':
      return rangeCte(p, 'ev', nameTest);
    case 'split':
      return p.ctx.dialect.cte('ev', `\n    ${splitEvBody(p, source.split, columns, nameTest)}\n  `, 'once');
    case 'day':
      return p.ctx.dialect.cte('ev', `\n    ${dayEvBody(p, columns, nameTest)}\n  `, 'inline');
    default:
      return assertNever(source);
  }
}

/** The SQL of each per-visit total, over the visit's events. */
function visitStatSql(stat: VisitStat, d: Dialect): string[] {
  const pageviews = d.countIf(`name = 'pageview'`);
  switch (stat) {
    case 'v_start':
      return ['min(ts) AS v_start'];
    case 'v_pageviews':
      return [`${pageviews} AS v_pageviews`];
    case 'v_events':
      return ['count(*) AS v_events'];
    case 'v_bounce':
      // A bounce: exactly one event and it is a pageview (every custom event is interactive).
      return [`CASE WHEN count(*) = 1 AND ${pageviews} = 1 THEN 1 ELSE 0 END AS v_bounce`];
    case 'v_duration_ms':
      // A bounce has one event, so its duration is 0 s by construction.
      return [`${d.epochMs('max(ts)')} - ${d.epochMs('min(ts)')} AS v_duration_ms`];
    case 'v_revenue':
      return ['sum(revenue) AS v_revenue_sum', 'count(revenue) AS v_revenue_count'];
    default:
      return assertNever(stat);
  }
}

/** One row per visit (session_id) in the range: first-event attributes and needed totals. */
function visitsCte(p: Plan): string {
  const d = p.ctx.dialect;
  const cols = ['session_id', ...p.visitStats.flatMap((s) => visitStatSql(s, d)), ...p.visitDims.map((v) => `${visitAggregate(v, d)} AS ${visitColumn(v)}`)];
  if (p.kind === 'visit' && p.sides.includes('visitors')) cols.push('min(visitor_id) AS v_vid_min', 'max(visitor_id) AS v_vid_max');
  return `visits AS (
    SELECT ${cols.join(',\n      ')}
    FROM ev
    GROUP BY session_id
  )`;
}

/** Dimension grouping keys d0.. (time dimensions as bucket keys, labelled at the end). */
function keyColumns(p: Plan, prefix = 'd', timeColumn = 'ts'): string[] {
  return p.q.dimensions.map((dim, i) => `${dimensionExpr(dim, p.ctx, { key: true, timeColumn })} AS ${prefix}${i}`);
}

function where(p: Plan): string {
  return p.filter ? `\n    WHERE ${p.filter}` : '';
}

/** Visit plan: the filtered visits with their dimension keys. */
function visitRowsCte(p: Plan): string {
  return `visit_rows AS (
    SELECT ${['visits.*', ...keyColumns(p)].join(', ')}
    FROM visits${where(p)}
  )`;
}

/**
 * Visit plan: (dimensions, visitor_id) of every visit. A visit carries one visitor id unless it
 * crossed midnight UTC (the salt rotates): then all of its ids are read back from `ev`.
 */
function visitorRowsCte(p: Plan): string {
  const dims = dimList(p);
  const multi = [...dims.map((c) => `visit_rows.${c}`), 'ev.visitor_id'];
  return `visitor_rows AS (
    SELECT ${[...dims, 'v_vid_min AS visitor_id'].join(', ')} FROM visit_rows
    UNION ALL
    SELECT ${multi.join(', ')} FROM ev JOIN visit_rows ON visit_rows.session_id = ev.session_id WHERE visit_rows.v_vid_max <> visit_rows.v_vid_min
  )`;
}

/** Event plan: events joined with their visit, filtered, with keys d0.. (and vd0.. for visits). */
function rowsCte(p: Plan, name: string, source: string, join: 'JOIN' | 'LEFT JOIN'): string {
  const cols = [`${source}.*`];
  if (p.needsVisits) cols.push(...visitStatColumns(p).map((c) => `visits.${c}`), ...p.visitDims.map((v) => `visits.${visitColumn(v)}`));
  cols.push(...keyColumns(p));
  // Visits fall in the time bucket where they start, events in their own.
  if (name === 'ev_rows' && p.sides.includes('visit')) cols.push(...keyColumns(p, 'vd', 'v_start'));
  const from = p.needsVisits ? `${source} ${join} visits ON visits.session_id = ${source}.session_id` : source;
  return `${name} AS (
    SELECT ${cols.join(', ')}
    FROM ${from}${where(p)}
  )`;
}

function visitStatColumns(p: Plan): string[] {
  return p.visitStats.flatMap((s) => (s === 'v_revenue' ? ['v_revenue_sum', 'v_revenue_count'] : [s]));
}

function dimList(p: Plan, prefix = 'd'): string[] {
  return p.q.dimensions.map((_, i) => `${prefix}${i}`);
}

function groupBy(cols: string[]): string {
  return cols.length ? `\n    GROUP BY ${cols.join(', ')}` : '';
}

function sideSelect(p: Plan, side: SideName): string {
  const aggs = p.raw.filter((c) => c.side === side).map((c) => `${rawAggregate(c.name, p.ctx.dialect, p.kind)} AS ${c.name}`);
  const dims = dimList(p);
  const select = (from: string) => `SELECT ${[...dims, ...aggs].join(', ')}\n    FROM ${from}${groupBy(dims)}`;
  const rows = p.kind === 'visit' ? 'visit_rows' : 'ev_rows';
  switch (side) {
    case 'visitors':
      // DISTINCT first, then count: much faster than count(DISTINCT) per group.
      return select(`(SELECT DISTINCT ${[...dims, 'visitor_id'].join(', ')} FROM ${p.kind === 'visit' ? 'visitor_rows' : 'ev_rows'}) AS per_visitor`);
    case 'event':
      return select(rows);
    case 'visit': {
      if (p.kind === 'visit') return select('visit_rows');
      const vds = dimList(p, 'vd').map((v, i) => `${v} AS d${i}`);
      const stats = visitStatColumns(p).filter((c) => c !== 'v_start');
      return select(`(SELECT DISTINCT ${[...vds, 'session_id', ...stats].join(', ')} FROM ev_rows) AS per_visit`);
    }
    case 'time':
      return select('eng_rows WHERE engaged_ms IS NOT NULL');
    case 'scroll': {
      // Scroll depth: each visitor's deepest scroll on each page, averaged.
      const inner = `SELECT ${[...dims, 'max(scroll_depth) AS max_scroll'].join(', ')} FROM eng_rows WHERE scroll_depth IS NOT NULL GROUP BY ${[...dims, 'visitor_id', 'pathname'].join(', ')}`;
      return select(`(${inner}) AS per_page`);
    }
  }
}

/** Union of the sides, each missing column a typed NULL, merged per dimension tuple. */
function mergedCte(p: Plan, name: string): string {
  const dims = dimList(p);
  const branches = p.sides.map((side) => {
    const cols = p.raw.map((c) => (c.side === side ? c.name : `${p.ctx.dialect.nullOf(c.type)} AS ${c.name}`));
    return `SELECT ${[...dims, ...cols].join(', ')} FROM ${side}_side`;
  });
  if (branches.length === 1) return `${name} AS (\n    ${branches[0]}\n  )`;
  return `${name} AS (
    SELECT ${[...dims, ...p.raw.map((c) => `max(${c.name}) AS ${c.name}`)].join(', ')}
    FROM (
      ${branches.join('\n      UNION ALL\n      ')}
    ) AS sides${groupBy(dims)}
  )`;
}

/** The answer's rows; `labelled` when merged already holds labels rather than time bucket keys. */
function finalSelect(p: Plan, labelled: boolean): string {
  const d = p.ctx.dialect;
  const dims = p.q.dimensions.map((dim, i) => (isTimeDimension(dim) && !labelled ? `${d.bucketLabel(timeUnitOf(dim), `d${i}`)} AS d${i}` : `d${i}`));
  const metrics = p.q.metrics.map((m) => `${metricExpr(m, d)} AS ${m}`);
  const order = p.q.order.map((o) => `${orderColumn(p, o.key)} ${o.direction.toUpperCase()} NULLS LAST`);
  const paging = p.q.limit === null ? '' : `\nLIMIT ${p.ctx.params.add(p.q.limit)} OFFSET ${p.ctx.params.add(p.q.offset)}`;
  return `SELECT ${[...dims, ...metrics].join(', ')}
FROM merged${order.length ? `\nORDER BY ${order.join(', ')}` : ''}${paging}`;
}

function orderColumn(p: Plan, key: OrderBy['key']): string {
  const i = p.q.dimensions.indexOf(key as Dimension);
  if (i >= 0) return `merged.d${i}`;
  if (!p.q.metrics.includes(key as SqlMetric)) throw new Error(`order key ${key} is not computed by this query`);
  return key;
}
