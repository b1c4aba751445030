// Rolls up one UTC day of a site: for every rollup dimension, the raw columns over the visits
// that began that day, whole. A day is only built once all its visits have ended, and only when
// it is clean: each of its visits has one visitor id, seen on no other day (true of every daily
// salted id; imported or hand-made data may break it, and then the day stays on the live path).
import type { DuckDBConnection } from '@duckdb/node-api';
import { connectionRows } from '../../store/duckdb.ts';
import { DAY_MS } from '../../lib/time.ts';
import { VISIT_TIMEOUT_MS } from '../../event.ts';
import { buildRollupSql } from '../sql/build.ts';
import { duckdbDialect } from '../sql/duckdb.ts';
import { Params } from '../sql/params.ts';
import { DAY_EVENTS_TABLE, ROLLUP_METRICS } from '../sql/rollup-sql.ts';
import type { SqlQuery } from '../sql/plan.ts';
import { isTimeDimension, type Dimension } from '../model.ts';
import { offsetSpans } from '../zone-offsets.ts';
import { ROLLUP_DIMENSIONS } from './dimensions.ts';
import { bumpDays } from '../../store/visit-spans.ts';

export type DayOutcome = 'built' | 'unclean' | 'open';

interface DayFacts {
  visits: number;
  maxEndMs: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

async function dayFacts(conn: DuckDBConnection, site: string, day: number): Promise<DayFacts> {
  const [row] = await connectionRows<{ n: bigint; max_end: bigint | null }>(conn, `
    SELECT count(*) AS n, epoch_ms(max(end_ts)) AS max_end
    FROM visit_spans WHERE site = $1 AND start_ts >= CAST($2 AS TIMESTAMPTZ) AND start_ts < CAST($3 AS TIMESTAMPTZ)`, [site, iso(day), iso(day + DAY_MS)]);
  return { visits: Number(row?.n ?? 0), maxEndMs: row?.max_end == null ? null : Number(row.max_end) };
}

/**
 * A site's unclean days: those with a visit holding several visitor ids, or a visitor id that
 * also began a visit on another day. One pass over the spans for all days.
 */
export async function uncleanDays(conn: DuckDBConnection, site: string): Promise<Set<number>> {
  const found = await connectionRows<{ day: bigint }>(conn, `
    WITH d AS (SELECT date_trunc('day', start_ts) AS day, vid_min, vid_max FROM visit_spans WHERE site = $1),
    shared AS (
      SELECT vid FROM (SELECT day, vid_min AS vid FROM d UNION SELECT day, vid_max FROM d) AS ids
      GROUP BY vid HAVING count(DISTINCT day) > 1
    )
    SELECT DISTINCT epoch_ms(day) AS day FROM d
    WHERE vid_min <> vid_max OR vid_min IN (SELECT vid FROM shared) OR vid_max IN (SELECT vid FROM shared)`, [site]);
  return new Set(found.map((r) => Number(r.day)));
}

function dayQuery(site: string, tz: string, dim: Dimension | null, day: number, maxEnd: number): SqlQuery {
  const end = maxEnd + 1;
  return {
    site, start: day, end, spans: dim !== null && isTimeDimension(dim) ? offsetSpans(tz, day, end) : [],
    metrics: [...ROLLUP_METRICS], dimensions: dim === null ? [] : [dim], filters: [], order: [], limit: null, offset: 0, goals: [],
  };
}

async function clearDay(conn: DuckDBConnection, site: string, day: number): Promise<void> {
  for (const table of ['rollups', 'rollup_days']) await conn.run(`DELETE FROM ${table} WHERE site = $1 AND day = CAST($2 AS TIMESTAMPTZ)`, [site, iso(day)]);
}

async function markDay(conn: DuckDBConnection, site: string, day: number, state: DayOutcome, tz: string, maxEnd: number | null): Promise<void> {
  await conn.run(`INSERT INTO rollup_days VALUES ($1, CAST($2 AS TIMESTAMPTZ), $3, $4, CAST($5 AS TIMESTAMPTZ))`, [site, iso(day), state, tz, maxEnd === null ? null : iso(maxEnd)]);
}

/**
 * Builds, or marks unclean (`unclean`: from uncleanDays), the UTC day starting at `day` (epoch
 * ms) as of `now`. 'open' when a visit that began that day may still go on: nothing is written.
 */
export async function buildDay(conn: DuckDBConnection, site: string, tz: string, day: number, now: number, unclean: boolean): Promise<DayOutcome> {
  if (day + DAY_MS + VISIT_TIMEOUT_MS > now) return 'open';
  // Everything is read inside the transaction: a change committed after it began conflicts
  // with the span_days bump below, one committed before is seen.
  await conn.run('BEGIN TRANSACTION');
  try {
    const facts = await dayFacts(conn, site, day);
    if (facts.maxEndMs !== null && facts.maxEndMs + VISIT_TIMEOUT_MS > now) {
      await conn.run('ROLLBACK');
      return 'open';
    }
    await clearDay(conn, site, day);
    if (!unclean && facts.visits > 0) await insertRollups(conn, site, tz, day, facts.maxEndMs!);
    await markDay(conn, site, day, unclean ? 'unclean' : 'built', tz, facts.maxEndMs);
    // Conflicts with any writer or delete that changed this day's visits since this began.
    await bumpDays((sql, params) => conn.run(sql, params), 'SELECT $1 AS site, CAST($2 AS TIMESTAMPTZ) AS day', [site, iso(day)]);
    await conn.run('COMMIT');
    return unclean ? 'unclean' : 'built';
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function insertRollups(conn: DuckDBConnection, site: string, tz: string, day: number, maxEnd: number): Promise<void> {
  // The day's visits' events, read once: every dimension's statement then reads only these.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${DAY_EVENTS_TABLE} AS
    SELECT * FROM events WHERE site = $1 AND ts >= CAST($2 AS TIMESTAMPTZ) AND ts <= CAST($3 AS TIMESTAMPTZ)
      AND session_id IN (SELECT session_id FROM visit_spans WHERE site = $1 AND start_ts >= CAST($2 AS TIMESTAMPTZ) AND start_ts < CAST($4 AS TIMESTAMPTZ))`,
  [site, iso(day), iso(maxEnd), iso(day + DAY_MS)]);
  // Every dimension in one statement, sharing its placeholders.
  const params = new Params(duckdbDialect);
  const head = [params.add(site), `CAST(${params.add(iso(day))} AS TIMESTAMPTZ)`];
  const parts = [null, ...ROLLUP_DIMENSIONS].map((dim) => {
    const { sql } = buildRollupSql(dayQuery(site, tz, dim, day, maxEnd), duckdbDialect, params);
    return `SELECT ${[...head, params.add(dim ?? '')].join(', ')}, r.* FROM (${sql}) AS r`;
  });
  await conn.run(`INSERT INTO rollups\n${parts.join('\nUNION ALL\n')}`, params.values);
  await conn.run(`DROP TABLE ${DAY_EVENTS_TABLE}`);
}
