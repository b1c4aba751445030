// Builds the daily rollups in the background: at start and then every few minutes, each site's
// finished days that have none yet, oldest first, on a connection of its own so stats queries
// are not held up. Until a day is built its queries read events, so nothing waits for this.
import type { DuckDBConnection } from '@duckdb/node-api';
import { connectionRows, type Db } from '../../store/duckdb.ts';
import type { Logger } from '../../log.ts';
import { VISIT_TIMEOUT_MS } from '../../event.ts';
import { loadSite } from '../site.ts';
import { buildDay, uncleanDays } from './build-day.ts';
import { DAY_MS } from '../../lib/time.ts';
import { startPeriodic, type PeriodicJob } from '../../lib/periodic.ts';
import { bumpDays } from '../../store/visit-spans.ts';

const FIRST_RUN_DELAY_MS = 5_000;
const INTERVAL_MS = 10 * 60_000;

/**
 * Marks the site's days without visits up to `last` as built (nothing to add), in one statement,
 * then lists the days from its first visit to `last` with neither rollups nor a mark yet.
 */
async function pendingDays(conn: DuckDBConnection, site: string, tz: string, last: number): Promise<{ pending: number[]; marked: Map<number, string> }> {
  const [first] = await connectionRows<{ first: bigint | null }>(conn, `SELECT epoch_ms(date_trunc('day', min(start_ts))) AS first FROM visit_spans WHERE site = $1`, [site]);
  if (first?.first == null || Number(first.first) > last) return { pending: [], marked: new Map() };
  const empty = `SELECT $1 AS site, d AS day FROM generate_series(make_timestamptz($2::BIGINT * 1000), make_timestamptz($3::BIGINT * 1000), INTERVAL 1 DAY) AS t(d)
    WHERE d NOT IN (SELECT day FROM rollup_days WHERE site = $1) AND d NOT IN (SELECT date_trunc('day', start_ts) FROM visit_spans WHERE site = $1)`;
  const range = [site, BigInt(first.first), BigInt(last)];
  await conn.run('BEGIN TRANSACTION');
  try {
    // A visit stored on one of these days meanwhile makes this fail (span_days), not go unseen.
    await bumpDays((sql, params) => conn.run(sql, params), empty, range);
    await conn.run(`INSERT INTO rollup_days SELECT site, day, 'built', $4, NULL FROM (${empty})`, [...range, tz]);
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const marked = new Map((await connectionRows<{ day: bigint; state: string }>(conn, 'SELECT epoch_ms(day) AS day, state FROM rollup_days WHERE site = $1', [site])).map((r) => [Number(r.day), r.state]));
  const pending: number[] = [];
  for (let day = Number(first.first); day <= last; day += DAY_MS) if (!marked.has(day)) pending.push(day);
  return { pending, marked };
}

/** Brings every site's rollups up to date as of `now`; resolves to the days built or marked. */
export async function updateRollups(db: Db, conn: DuckDBConnection, now: number, shouldStop: () => boolean = () => false): Promise<number> {
  let settled = 0;
  for (const { domain } of await db.all<{ domain: string }>('SELECT domain FROM sites ORDER BY domain')) {
    const { tz } = await loadSite(db, domain);
    // Days built in another zone have other time buckets: they are built again.
    for (const table of ['rollups', 'rollup_days']) {
      await conn.run(`DELETE FROM ${table} WHERE site = $1 AND day IN (SELECT day FROM rollup_days WHERE site = $1 AND tz <> $2)`, [domain, tz]);
    }
    const last = Math.floor((now - VISIT_TIMEOUT_MS) / DAY_MS) * DAY_MS - DAY_MS;
    const { pending, marked } = await pendingDays(conn, domain, tz, last);
    if (pending.length === 0) continue;
    // Days built earlier that now share a visitor id are marked unclean along with the rest.
    const unclean = await uncleanDays(conn, domain);
    const relabel = [...unclean].filter((day) => day <= last && marked.get(day) === 'built');
    for (const day of [...pending, ...relabel].sort((a, b) => a - b)) {
      if (shouldStop()) return settled;
      if ((await buildDay(conn, domain, tz, day, now, unclean.has(day))) !== 'open') settled++;
    }
  }
  return settled;
}

export function startRollupWorker(db: Db, log: Logger, now: () => number): PeriodicJob {
  let stopped = false;
  let conn: DuckDBConnection | null = null;
  const job = startPeriodic(async () => {
    try {
      conn ??= await db.connect();
      const t0 = performance.now();
      const days = await updateRollups(db, conn, now(), () => stopped);
      if (days > 0) log.info('rollups: days rolled up', { days, ms: Math.round(performance.now() - t0) });
    } catch (error) {
      log.error('rollups: update failed; retried later', { error: (error as Error).message.slice(0, 200) });
    }
  }, FIRST_RUN_DELAY_MS, INTERVAL_MS);
  return {
    async stop() {
      // Between days: a day in progress finishes (its transaction is all or nothing).
      stopped = true;
      await job.stop();
    },
  };
}
