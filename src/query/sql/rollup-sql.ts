// The builder's two rollup shapes (see ../rollup/README.md for the design and why it is exact):
// - a day's rollup: the query's raw columns over the visits that began on one UTC day, whole;
// - a split query: the built days' rollups plus the same query over the rest of the range.
import { isTimeDimension, timeUnitOf } from '../model.ts';
import type { Plan } from './plan.ts';

/** The metrics a rollup holds the raw columns of; a query of other metrics is never split. */
export const ROLLUP_METRICS = ['visitors', 'pageviews', 'events', 'visits', 'views_per_visit', 'bounce_rate', 'visit_duration'] as const;
export const ROLLUP_COLUMNS = ['e_visitors', 'e_pageviews', 'e_events', 'v_visits', 'v_pageviews_sum', 'v_bounces', 'v_duration_sum'] as const;

/** A range cut for a split query: [coreStart, coreEnd) are built UTC days (epoch ms). */
export interface RollupSplit {
  coreStart: number;
  coreEnd: number;
  /** End (exclusive) of the events of visits that began before coreStart and run into the core. */
  carryEnd: number;
  /** How many built days [coreStart, coreEnd) holds: checked again inside the query. */
  days: number;
  /**
   * When carryEnd came from the day marks before the core (no visit began before `since`, and
   * `days` marks from there had `maxEnd` as their latest end): checked again inside the query.
   */
  prior: { days: number; maxEnd: number | null; since: number } | null;
  /** The rollup dimension key ('' for none) and the zone the days were built in. */
  dim: string;
  tz: string;
}

/** The error a split query raises when its rollups changed under it or cannot be added to its live rows. */
export const ROLLUPS_UNUSABLE = 'inkling: rollups unusable';

function stamp(p: Plan, ms: number): string {
  return p.ctx.dialect.timestamp(p.ctx.params.add(new Date(ms).toISOString(), 'timestamp'));
}

function eventsWhere(p: Plan, columns: string, nameTest: string, from: string, to: string, extra = ''): string {
  return `SELECT ${columns} FROM events WHERE site = ${p.range.site} AND ts >= ${from} AND ts < ${to} AND ${nameTest}${extra}`;
}

/**
 * The split query's own events: those of the range not in a visit that began on a core day.
 * Before the core: all. In the core: only visits that began before it. After it: all but the
 * core's visits that run past it. Each branch is a plain time range, so the scan stays small.
 */
export function splitEvBody(p: Plan, s: RollupSplit, columns: string, nameTest: string): string {
  const a = stamp(p, s.coreStart);
  const b = stamp(p, s.coreEnd);
  const carry = Math.min(s.carryEnd, s.coreEnd);
  const branches = [eventsWhere(p, columns, nameTest, p.range.start, a)];
  if (carry > s.coreStart) {
    const carried = `SELECT session_id FROM visit_spans WHERE site = ${p.range.site} AND start_ts < ${a} AND end_ts >= ${a}`;
    branches.push(eventsWhere(p, columns, nameTest, a, stamp(p, carry), ` AND session_id IN (${carried})`));
  }
  if (s.coreEnd < p.q.end) {
    const leaving = `SELECT session_id FROM visit_spans WHERE site = ${p.range.site} AND start_ts >= ${a} AND start_ts < ${b} AND end_ts >= ${b}`;
    branches.push(eventsWhere(p, columns, nameTest, b, p.range.end, ` AND session_id NOT IN (${leaving})`));
  }
  return branches.join('\n    UNION ALL\n    ');
}

/** The table a day's rollup reads: that day's visits' events, copied once for all dimensions (build-day.ts). */
export const DAY_EVENTS_TABLE = 'rollup_day_events';

/** A day's rollup events: every event of the visits that began that UTC day. */
export function dayEvBody(p: Plan, columns: string, nameTest: string): string {
  const d = p.ctx.dialect;
  return `SELECT ${columns} FROM ${DAY_EVENTS_TABLE} WHERE site = ${p.range.site} AND ts >= ${d.timestamp(p.range.start)} AND ts < ${d.timestamp(p.range.end)} AND ${nameTest}`;
}

/** Dimension columns as labels (time buckets labelled), so rollup values and live rows meet. */
function labelled(p: Plan): string[] {
  const d = p.ctx.dialect;
  return p.q.dimensions.map((dim, i) => (isTimeDimension(dim) ? `${d.bucketLabel(timeUnitOf(dim), `d${i}`)} AS d${i}` : `CAST(d${i} AS VARCHAR) AS d${i}`));
}

/** A day's rollup rows: value and every raw column. */
export function rollupSelect(p: Plan): string {
  const value = p.q.dimensions.length ? labelled(p)[0]!.replace(/ AS d0$/, ' AS value') : 'CAST(NULL AS VARCHAR) AS value';
  return `SELECT ${[value, ...ROLLUP_COLUMNS].join(', ')}\nFROM merged`;
}

/**
 * The split query's `merged`: the live rows (raw_merged, labelled) plus the core days' rollups,
 * summed per dimension value. The query fails (and the runner answers without rollups) when what
 * the plan read changed since (split.ts): a core day is no longer built or its visits now run
 * past the range, or the visits carried into the core end later. (Visitors add up because no visitor
 * id of a built day is seen on any other day: build-day.ts checks it, the writer keeps it.)
 */
export function splitMergedCte(p: Plan, s: RollupSplit): string {
  const cols = p.raw.map((c) => c.name);
  const dims = p.q.dimensions.map((_, i) => `d${i}`);
  const a = stamp(p, s.coreStart);
  const b = stamp(p, s.coreEnd);
  const site = p.range.site;
  const tz = p.ctx.params.add(s.tz);
  const built = `(SELECT count(*) FROM rollup_days WHERE site = ${site} AND day >= ${a} AND day < ${b} AND state = 'built' AND tz = ${tz})`;
  // Every core day is still built, and its visits still end before the range does.
  const conditions = [
    `${built} = ${p.ctx.params.add(s.days)}`,
    `NOT EXISTS (SELECT 1 FROM rollup_days WHERE site = ${site} AND day >= ${a} AND day < ${b} AND max_end >= ${p.ctx.dialect.timestamp(p.range.end)})`,
  ];
  if (!s.prior) {
    // The carried-in visits still end where the plan read they did.
    const carried = `SELECT max(end_ts) FROM visit_spans WHERE site = ${site} AND end_ts >= ${a} AND start_ts < ${a}`;
    conditions.push(`coalesce((${carried}), ${a}) < ${stamp(p, Math.max(s.carryEnd, s.coreStart + 1))}`);
  }
  if (s.prior) {
    const marks = `FROM rollup_days WHERE site = ${site} AND day < ${a} AND tz = ${tz}`;
    const maxEnd = s.prior.maxEnd === null ? 'NULL' : stamp(p, s.prior.maxEnd);
    conditions.push(
      `(SELECT count(*) ${marks}) = ${p.ctx.params.add(s.prior.days)}`,
      `(SELECT max(max_end) ${marks}) IS NOT DISTINCT FROM ${maxEnd}`,
      `NOT EXISTS (SELECT 1 FROM visit_spans WHERE site = ${site} AND start_ts < ${stamp(p, s.prior.since)})`,
    );
  }
  const check = `CASE WHEN ${conditions.join(' AND ')} THEN true ELSE error('${ROLLUPS_UNUSABLE}') END`;
  // A rollup row holds every side; it makes a group only if a side this query asks for has one.
  const asked = cols.map((c) => `${c} IS NOT NULL`).join(' OR ');
  const core = `SELECT ${[...dims.map((d) => `value AS ${d}`), ...cols].join(', ')} FROM rollups
      WHERE site = ${site} AND dim = ${p.ctx.params.add(s.dim)} AND day >= ${a} AND day < ${b} AND (${asked})`;
  // The check yields no row, but is evaluated even when the core days have no rollup rows.
  const nulls = [...dims.map((d) => `${p.ctx.dialect.nullOf('text')} AS ${d}`), ...p.raw.map((c) => `${p.ctx.dialect.nullOf(c.type)} AS ${c.name}`)];
  const guard = `SELECT ${nulls.join(', ')} FROM (SELECT ${check} AS planned) AS still WHERE NOT planned`;
  const live = `SELECT ${[...labelled(p), ...cols].join(', ')} FROM raw_merged`;
  return `merged AS (
    SELECT ${[...dims, ...cols.map((c) => `sum(${c}) AS ${c}`)].join(', ')}
    FROM (
      ${live}
      UNION ALL
      ${core}
      UNION ALL
      ${guard}
    ) AS parts${dims.length ? `\n    GROUP BY ${dims.join(', ')}` : ''}
  )`;
}
