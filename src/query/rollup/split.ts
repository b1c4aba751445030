// Plans a split query: the longest run of built days inside the range is answered from
// rollups, the rest from events (sql/rollup-sql.ts). Null when rollups cannot help.
//
// A site's day marks are cached for a few seconds, so a dashboard's dozen queries plan without
// a round trip. A stale cache cannot give a wrong answer: the query re-checks inside SQL what
// the plan relied on (which days are built, and the marks before the core) and fails, to be
// answered from events, if they changed.
import type { Db } from '../../store/duckdb.ts';
import type { SqlQuery } from '../sql/plan.ts';
import type { RollupSplit } from '../sql/rollup-sql.ts';
import { DAY_MS } from '../../lib/time.ts';
import { rollupKey } from './dimensions.ts';

/** Fewer built days than this are not worth the extra statements. */
const MIN_CORE_DAYS = 2;
const CACHE_MS = 10_000;

interface DayMark {
  day: number;
  built: boolean;
  /** The latest end of the day's visits (null: none). */
  maxEnd: number | null;
}

interface SiteMarks {
  at: number;
  marks: DayMark[];
}

const cache = new WeakMap<Db, Map<string, SiteMarks>>();

/** The site's day marks in `tz` (built or unclean), by day; at most CACHE_MS old. */
async function dayMarks(db: Db, site: string, tz: string): Promise<DayMark[]> {
  const bySite = cache.get(db) ?? new Map<string, SiteMarks>();
  cache.set(db, bySite);
  const key = `${site}\n${tz}`;
  const known = bySite.get(key);
  const now = performance.now();
  if (known && now - known.at < CACHE_MS) return known.marks;
  const rows = await db.read<{ day: bigint; state: string; max_end: bigint | null }>(
    'SELECT epoch_ms(day) AS day, state, epoch_ms(max_end) AS max_end FROM rollup_days WHERE site = $1 AND tz = $2 ORDER BY day', [site, tz]);
  const marks = rows.map((r) => ({ day: Number(r.day), built: r.state === 'built', maxEnd: r.max_end === null ? null : Number(r.max_end) }));
  bySite.set(key, { at: now, marks });
  return marks;
}

/** Drops a site's cached marks (a query found them stale). */
export function forgetMarks(db: Db, site: string): void {
  const bySite = cache.get(db);
  for (const key of bySite?.keys() ?? []) if (key.startsWith(`${site}\n`)) bySite!.delete(key);
}

/** The longest run of consecutive built days in [first, last), each ending before `end`. */
function longestRun(marks: DayMark[], first: number, last: number, end: number): { start: number; count: number } | null {
  let best: { start: number; count: number } | null = null;
  let run: { start: number; count: number } | null = null;
  for (const d of marks) {
    // A day whose visits run past the range's end is cut by it: that day cannot be whole.
    if (d.day < first || d.day >= last || !d.built || (d.maxEnd !== null && d.maxEnd >= end)) {
      run = null;
      continue;
    }
    run = run && run.start + run.count * DAY_MS === d.day ? { start: run.start, count: run.count + 1 } : { start: d.day, count: 1 };
    if (!best || run.count > best.count) best = run;
  }
  return best;
}

/**
 * The marks before the core, when they leave no day out: then every visit that began before
 * the core has a marked day, and the latest of their ends bounds the events it carries in.
 */
function priorMarks(marks: DayMark[], coreStart: number): NonNullable<RollupSplit['prior']> | null {
  const before = marks.filter((m) => m.day < coreStart);
  const gapless = before.every((m, i) => m.day === (before[i + 1]?.day ?? coreStart) - DAY_MS);
  if (!gapless) return null;
  const ends = before.flatMap((m) => (m.maxEnd === null ? [] : [m.maxEnd]));
  return { days: before.length, maxEnd: ends.length ? Math.max(...ends) : null, since: before[0]?.day ?? coreStart };
}

/** Past the last event of the visits that began before the core and run into it. */
async function carryEnd(db: Db, site: string, coreStart: number, prior: RollupSplit['prior']): Promise<number> {
  if (prior) return prior.maxEnd !== null && prior.maxEnd >= coreStart ? prior.maxEnd + 1 : coreStart;
  const [carry] = await db.read<{ end_ms: bigint | null }>(`
    SELECT epoch_ms(max(end_ts)) AS end_ms FROM visit_spans
    WHERE site = $1 AND end_ts >= make_timestamptz($2::BIGINT * 1000) AND start_ts < make_timestamptz($2::BIGINT * 1000)`, [site, BigInt(coreStart)]);
  return carry?.end_ms == null ? coreStart : Number(carry.end_ms) + 1;
}

export async function planSplit(db: Db, q: SqlQuery, tz: string): Promise<RollupSplit | null> {
  const dim = rollupKey(q);
  if (dim === null) return null;
  const first = Math.ceil(q.start / DAY_MS) * DAY_MS;
  const last = Math.floor(q.end / DAY_MS) * DAY_MS;
  if (last - first < MIN_CORE_DAYS * DAY_MS) return null;
  const marks = await dayMarks(db, q.site, tz);
  const run = longestRun(marks, first, last, q.end);
  if (!run || run.count < MIN_CORE_DAYS) return null;
  const coreStart = run.start;
  const prior = priorMarks(marks, coreStart);
  return { coreStart, coreEnd: coreStart + run.count * DAY_MS, carryEnd: await carryEnd(db, q.site, coreStart, prior), prior, days: run.count, dim, tz };
}
