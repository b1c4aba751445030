// Keeps `visit_spans` (one row per visit: first and last event, visitor ids) in step with
// `events`, and drops the daily rollups a change makes stale. Spans are min/max merges, so
// applying the same events twice (a spool replay) changes nothing.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

type Run = (sql: string, params?: DuckDBValue[]) => Promise<unknown>;

async function countOf(connection: DuckDBConnection, sql: string): Promise<number> {
  return Number((await connection.runAndReadAll(sql)).getRowsJS()[0]?.[0] ?? 0);
}

const SPAN_COLUMNS = 'site, session_id, min(ts) AS start_ts, max(ts) AS end_ts, min(visitor_id) AS vid_min, max(visitor_id) AS vid_max';

/**
 * Merges the spans of the events stored from id `firstId` on (one spool segment, just loaded
 * in the same transaction) into visit_spans, and invalidates the rollups of every day whose
 * visits they change (the day a changed visit began, before and after). Each step that would
 * scan a large table runs only when the small tables say it has something to do.
 */
export async function mergeSegmentSpans(connection: DuckDBConnection, firstId: bigint): Promise<void> {
  const run: Run = (sql, params) => connection.run(sql, params);
  const count = (sql: string) => countOf(connection, sql);
  // UBIGINT like the column, so the scan is pruned to the new rows.
  await run(`CREATE OR REPLACE TEMP TABLE segment_spans AS
    SELECT ${SPAN_COLUMNS} FROM events WHERE id >= $1::UBIGINT AND name <> 'engagement' GROUP BY site, session_id`, [firstId]);
  await run(`CREATE OR REPLACE TEMP TABLE merged_spans AS
    SELECT n.site, n.session_id,
      least(n.start_ts, coalesce(o.start_ts, n.start_ts)) AS start_ts, greatest(n.end_ts, coalesce(o.end_ts, n.end_ts)) AS end_ts,
      least(n.vid_min, coalesce(o.vid_min, n.vid_min)) AS vid_min, greatest(n.vid_max, coalesce(o.vid_max, n.vid_max)) AS vid_max,
      o.start_ts AS old_start
    FROM segment_spans n LEFT JOIN visit_spans o ON o.session_id = n.session_id AND o.site = n.site`);
  if ((await count('SELECT count(*) FROM merged_spans WHERE old_start IS NOT NULL')) > 0) {
    await run(`DELETE FROM visit_spans WHERE (site, session_id) IN (SELECT (site, session_id) FROM merged_spans WHERE old_start IS NOT NULL)`);
  }
  await run('INSERT INTO visit_spans SELECT site, session_id, start_ts, end_ts, vid_min, vid_max FROM merged_spans ORDER BY start_ts');
  const changedDays = `SELECT site, date_trunc('day', start_ts) AS day FROM merged_spans
    UNION SELECT site, date_trunc('day', old_start) FROM merged_spans WHERE old_start IS NOT NULL`;
  await bumpDays(run, changedDays);
  if ((await count('SELECT count(*) FROM rollup_days')) === 0) return;
  await invalidateDays(connection, changedDays);
  // A rolled-up day's visitors add up with other days' only while its visitor ids are its own
  // (daily salts make them so); an id seen again in a new visit sends that day back to be
  // checked. Only new visits can bring an id: a visit's ids change only across midnight, and
  // then the day it began is dropped above.
  await invalidateDays(connection, `SELECT o.site, date_trunc('day', o.start_ts) AS day FROM visit_spans o
    WHERE o.vid_min IN (SELECT vid_min FROM merged_spans WHERE old_start IS NULL)
      AND (o.site, o.session_id) NOT IN (SELECT (site, session_id) FROM merged_spans)`);
}

/**
 * Bumps span_days for the (site, day) pairs the query yields. A rollup of one of those days
 * being built at the same time bumps it too, and one of the two transactions then fails.
 */
export async function bumpDays(run: Run, daysSql: string, params: DuckDBValue[] = []): Promise<void> {
  await run(`INSERT INTO span_days SELECT DISTINCT site, day, 1 FROM (${daysSql}) AS changed
    ON CONFLICT (site, day) DO UPDATE SET epoch = span_days.epoch + 1`, params);
}

/** Drops the rollups of the (site, day) pairs the query yields, when any is built. */
async function invalidateDays(connection: DuckDBConnection, daysSql: string, params: DuckDBValue[] = []): Promise<void> {
  const run: Run = (sql, values) => connection.run(sql, values);
  await run(`CREATE OR REPLACE TEMP TABLE stale_days AS SELECT d.site, d.day FROM rollup_days d WHERE (d.site, d.day) IN (SELECT (site, day) FROM (${daysSql}))`, params);
  if ((await countOf(connection, 'SELECT count(*) FROM stale_days')) === 0) return;
  await run(`DELETE FROM rollups WHERE (site, day) IN (SELECT (site, day) FROM stale_days)`);
  await run(`DELETE FROM rollup_days WHERE (site, day) IN (SELECT (site, day) FROM stale_days)`);
}

/**
 * After deleting a site's events before `beforeMs` (all of them when null): drops spans of gone
 * visits, recomputes those cut in two, and drops rollups of every day that changed.
 */
export async function spansAfterDelete(connection: DuckDBConnection, site: string, beforeMs: number | null): Promise<void> {
  const run: Run = (sql, params) => connection.run(sql, params);
  if (beforeMs === null) {
    await run('UPDATE span_days SET epoch = epoch + 1 WHERE site = $1', [site]);
    for (const table of ['visit_spans', 'rollups', 'rollup_days']) await run(`DELETE FROM ${table} WHERE site = $1`, [site]);
    return;
  }
  const before = 'make_timestamptz($2::BIGINT * 1000)';
  await run(`CREATE OR REPLACE TEMP TABLE cut_spans AS
    SELECT session_id, start_ts, end_ts FROM visit_spans WHERE site = $1 AND start_ts < ${before}`, [site, BigInt(beforeMs)]);
  await run(`DELETE FROM visit_spans WHERE site = $1 AND start_ts < ${before}`, [site, BigInt(beforeMs)]);
  await run(`INSERT INTO visit_spans
    SELECT ${SPAN_COLUMNS} FROM events
    WHERE site = $1 AND ts >= ${before} AND ts <= (SELECT max(end_ts) FROM cut_spans) AND name <> 'engagement'
      AND session_id IN (SELECT session_id FROM cut_spans WHERE end_ts >= ${before})
    GROUP BY site, session_id`, [site, BigInt(beforeMs)]);
  // Every day up to the last one a cut visit reached may have lost or gained visits.
  const last = `coalesce((SELECT max(end_ts) FROM cut_spans), ${before})`;
  await run(`UPDATE span_days SET epoch = epoch + 1 WHERE site = $1 AND day <= ${last}`, [site, BigInt(beforeMs)]);
  await invalidateDays(connection, `SELECT site, day FROM rollup_days WHERE site = $1 AND day <= ${last}`, [site, BigInt(beforeMs)]);
}

/** Recomputes a site's spans from its events (after events were written around the writer: tests, benchmarks). */
export async function rebuildSpans(run: Run, site: string): Promise<void> {
  await run('UPDATE span_days SET epoch = epoch + 1 WHERE site = $1', [site]);
  for (const table of ['visit_spans', 'rollups', 'rollup_days']) await run(`DELETE FROM ${table} WHERE site = $1`, [site]);
  await run(`INSERT INTO visit_spans SELECT ${SPAN_COLUMNS} FROM events WHERE site = $1 AND name <> 'engagement' GROUP BY site, session_id ORDER BY min(ts)`, [site]);
}
