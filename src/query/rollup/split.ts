// Plans a split query: the longest run of built days inside the range is answered from
// rollups, the rest from events (sql/rollup-sql.ts). Null when rollups cannot help.
import type { Db } from '../../store/duckdb.ts';
import type { SqlQuery } from '../sql/plan.ts';
import type { RollupSplit } from '../sql/rollup-sql.ts';
import { DAY_MS } from './build-day.ts';
import { rollupKey } from './dimensions.ts';

/** Fewer built days than this are not worth the extra statements. */
const MIN_CORE_DAYS = 2;

/** The latest end of the visits that began before the day at $2 and run into it. */
const CARRY_SQL = `SELECT epoch_ms(max(end_ts)) FROM visit_spans
  WHERE site = $1 AND end_ts >= make_timestamptz($2::BIGINT * 1000) AND start_ts < make_timestamptz($2::BIGINT * 1000)`;

interface BuiltDay {
  day: number;
  maxEnd: number | null;
}

/** The longest run of consecutive days, each ending before the range does. */
function longestRun(days: BuiltDay[], end: number): { start: number; count: number } | null {
  let best: { start: number; count: number } | null = null;
  let run: { start: number; count: number } | null = null;
  for (const d of days) {
    // A day whose visits run past the range's end is cut by it: that day cannot be whole.
    if (d.maxEnd !== null && d.maxEnd >= end) {
      run = null;
      continue;
    }
    run = run && run.start + run.count * DAY_MS === d.day ? { start: run.start, count: run.count + 1 } : { start: d.day, count: 1 };
    if (!best || run.count > best.count) best = run;
  }
  return best;
}

export async function planSplit(db: Db, q: SqlQuery, tz: string): Promise<RollupSplit | null> {
  const dim = rollupKey(q);
  if (dim === null) return null;
  const first = Math.ceil(q.start / DAY_MS) * DAY_MS;
  const last = Math.floor(q.end / DAY_MS) * DAY_MS;
  if (last - first < MIN_CORE_DAYS * DAY_MS) return null;
  // The built days, and (in the same statement) the visits running into the range's first
  // whole day, which is almost always where the core starts.
  const built = await db.read<{ day: bigint; max_end: bigint | null; carry_end: bigint | null }>(`
    SELECT epoch_ms(day) AS day, epoch_ms(max_end) AS max_end, (${CARRY_SQL}) AS carry_end FROM rollup_days
    WHERE site = $1 AND day >= make_timestamptz($2::BIGINT * 1000) AND day < make_timestamptz($3::BIGINT * 1000) AND state = 'built' AND tz = $4
    ORDER BY day`, [q.site, BigInt(first), BigInt(last), tz]);
  const run = longestRun(built.map((r) => ({ day: Number(r.day), maxEnd: r.max_end === null ? null : Number(r.max_end) })), q.end);
  if (!run || run.count < MIN_CORE_DAYS) return null;
  const coreStart = run.start;
  const carry = coreStart === first ? built[0]!.carry_end : (await db.read<{ carry_end: bigint | null }>(`SELECT (${CARRY_SQL}) AS carry_end`, [q.site, BigInt(coreStart)]))[0]!.carry_end;
  const carryEnd = carry === null ? coreStart : Number(carry) + 1;
  return { coreStart, coreEnd: coreStart + run.count * DAY_MS, carryEnd, days: run.count, dim, tz };
}
