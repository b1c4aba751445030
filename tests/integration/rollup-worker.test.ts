// The rollup worker against a real DuckDB file and the real writer (Writer + duckDbSink + Spool),
// with the worker on a connection of its own as in the server. It proves that:
// 1. buildDay of an old UTC day D racing the writer storing a late event of a visit that began on D
//    (or a new visit beginning on D) never leaves stale rollups: whichever side loses the DuckDB
//    conflict (span_days, rollup_days) is retried, and in the end every built day equals a fresh rebuild and queries through
//    rollups equal the events-only path and the plain-TS reference;
// 2. updateRollups' one-statement marking of days without visits, racing the writer storing the
//    first visit of such a day, leaves that day unbuilt or built with that visit's rollups;
// 3. a day sharing a visitor id with a visit begun on another day is marked 'unclean', and a built
//    day is un-built (then marked unclean) when such a visit arrives later through the writer;
// 4. a change of the site's time zone rebuilds its days in the new zone.
// 5. a store committed just before buildDay's transaction is seen by it (the race this file found:
//    buildDay used to read the day's facts before its transaction, and rolled up a stale day).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Writer } from '../../src/store/writer.ts';
import { Spool } from '../../src/store/spool.ts';
import { duckDbSink } from '../../src/store/event-sink.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { Metrics } from '../../src/metrics.ts';
import type { Event } from '../../src/event.ts';
import { buildDay } from '../../src/query/rollup/build-day.ts';
import { updateRollups } from '../../src/query/rollup/worker.ts';
import { runQuery } from '../../src/query/runner.ts';
import { referenceQuery } from '../reference/reference.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { makeEvent, seedSite } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';

const MIN = 60_000;
/** Epoch ms of day `d` (0 = 2024-06-10) at hh:mm UTC. */
const at = (d: number, hh = 0, mm = 0) => Date.UTC(2024, 5, 10 + d, hh, mm);
/** The worker's clock: long after every day used here, so all of them are finished. */
const NOW = at(60);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** What DuckDB says when two transactions touch the same row (update, delete, or insert of one key). */
const isConflict = (message: string) => /conflict|duplicate key/i.test(message);

interface Rig {
  db: Db; worker: DuckDBConnection; writer: Writer; spool: Spool; clock: { now: number };
  storeErrors: string[]; events: Event[]; sites: { domain: string; tz: string }[];
}

async function withRig(sites: [string, string][], fn: (rig: Rig) => Promise<void>): Promise<void> {
  const dir = tmpDir('inkling-rollup-worker-');
  const db = await openDuckDb(path.join(dir, 'inkling.duckdb'));
  const spool = new Spool(path.join(dir, 'spool'), 10 * 1024 * 1024);
  const clock = { now: at(0) };
  const storeErrors: string[] = [];
  const log = { info() {}, error: (_: string, fields?: Record<string, unknown>) => void storeErrors.push(String(fields?.error)) };
  // Huge batch and interval: only the test's flush() calls store anything.
  const writer = await Writer.open({ spool, sink: duckDbSink(await db.connect()), log, metrics: new Metrics(), batchSize: 1_000_000, flushIntervalMs: 600_000, now: () => clock.now });
  const rig: Rig = { db, worker: await db.connect(), writer, spool, clock, storeErrors, events: [], sites: sites.map(([domain, tz]) => ({ domain, tz })) };
  for (const [domain, tz] of sites) await seedSite(db, domain, tz);
  try {
    await fn(rig);
  } finally {
    await writer.close();
    await db.close();
    removeDir(dir);
  }
}

let lastSession = 0;
const ev = (site: string, session: number, vid: number, ts: number, page = '/', source: string | null = null): Event =>
  makeEvent({ id: 0n, ts, site, name: 'pageview', visitorId: BigInt(vid), sessionId: BigInt(session), hostname: site, pathname: page, source });
/** A new visit: one pageview per page, `gap` minutes apart. */
function visit(site: string, vid: number, start: number, pages = ['/'], source: string | null = null, gap = 3): { session: number; events: Event[] } {
  const session = ++lastSession;
  return { session, events: pages.map((page, i) => ev(site, session, vid, start + i * gap * MIN, page, source)) };
}

async function enqueue(rig: Rig, events: Event[]): Promise<void> {
  for (const e of events) assert.equal(await rig.writer.enqueue(e), true, 'spooled');
  rig.events.push(...events);
}

/** Flushes until the spool holds no segment, moving the writer's clock past its retry delay. */
async function storeAll(rig: Rig): Promise<void> {
  for (let attempt = 0; attempt === 0 || rig.spool.closedSegments().length > 0; attempt++) {
    assert.ok(attempt < 10, 'the writer stores its segments within 10 retries');
    rig.clock.now += MIN;
    await rig.writer.flush();
  }
}

const store = async (rig: Rig, events: Event[]) => enqueue(rig, events).then(() => storeAll(rig));

const DAY_SQL = 'site = $1 AND day = make_timestamptz($2::BIGINT * 1000)';
/** A day's rollup_days row (null when it has none) and its rollups rows, sorted. */
async function dayState(db: Db, site: string, day: number) {
  const params = [site, BigInt(day)];
  const [mark] = await db.all(`SELECT state, tz, epoch_ms(max_end) AS max_end FROM rollup_days WHERE ${DAY_SQL}`, params);
  const rows = await db.all(`SELECT * EXCLUDE (site, day) FROM rollups WHERE ${DAY_SQL} ORDER BY ALL`, params);
  return { mark: mark ?? null, rows };
}

const states = async (db: Db, site: string) =>
  Object.fromEntries((await db.all<{ d: bigint; state: string }>(`SELECT (epoch_ms(day) - ${at(0)}) // 86400000 AS d, state FROM rollup_days WHERE site = $1 ORDER BY day`, [site])).map((r) => [Number(r.d), r.state]));

/** Every built day of the site (or only `only`) holds what deleting it and building it again gives. */
async function assertFresh(rig: Rig, site: string, only?: number): Promise<number> {
  const built = await rig.db.all<{ day: bigint; tz: string }>(`SELECT epoch_ms(day) AS day, tz FROM rollup_days WHERE site = $1 AND state = 'built' ORDER BY day`, [site]);
  let checked = 0;
  for (const { tz, day: big } of built.filter((b) => only === undefined || Number(b.day) === only)) {
    const day = Number(big);
    const was = await dayState(rig.db, site, day);
    for (const table of ['rollups', 'rollup_days']) await rig.db.run(`DELETE FROM ${table} WHERE ${DAY_SQL}`, [site, big]);
    assert.equal(await buildDay(rig.worker, site, tz, day, NOW, false), 'built');
    assert.deepEqual(was, await dayState(rig.db, site, day), `${site} ${new Date(day).toISOString()}: built rollups equal a fresh rebuild`);
    checked++;
  }
  return checked;
}

/** The store, counting the statements that read rollups (through whichever of its methods). */
function spying(inner: Db, seen: { rollups: number }): Db {
  return new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].includes('FROM rollups')) seen.rollups++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const METRICS = ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration'];
const DIMENSIONS = [[], ['visit:source'], ['event:page'], ['time:day']];

/** Queries through rollups equal the events-only path and the reference; resolves to the statements that read rollups. */
async function assertQueries(rig: Rig, site: string, from: string, to: string): Promise<number> {
  const seen = { rollups: 0 };
  for (const dimensions of DIMENSIONS) {
    const query = parseQuery({ site_id: site, date_range: [from, to], metrics: METRICS, dimensions });
    const spy = spying(rig.db, seen);
    const fast = await runQuery({ db: spy, events: duckdbEventQueries(spy), now: () => NOW }, query);
    const message = `${site} ${JSON.stringify(dimensions)}`;
    assert.deepEqual(fast, await runQuery({ db: rig.db, events: duckdbEventQueries(rig.db), now: () => NOW, rollups: false }, query), `${message}: rollups = events only`);
    assert.deepEqual(fast, referenceQuery(rig.events, rig.sites, query, NOW), `${message}: rollups = reference`);
  }
  return seen.rollups;
}

/** Runs both sides at once, each after its delay; returns the first side's outcome and the writer's failed stores. */
async function race<T>(rig: Rig, worker: [number, () => Promise<T>], flushDelay: number): Promise<{ worker: PromiseSettledResult<T>; storeErrors: string[] }> {
  const before = rig.storeErrors.length;
  const [settled] = await Promise.allSettled([sleep(worker[0]).then(worker[1]), sleep(flushDelay).then(() => rig.writer.flush())]);
  if (settled.status === 'rejected') assert.ok(isConflict(String(settled.reason)), `the worker failed only on a conflict, not: ${settled.reason}`);
  const storeErrors = rig.storeErrors.slice(before);
  for (const message of storeErrors) assert.ok(isConflict(message), `the writer failed only on a conflict, not: ${message}`);
  return { worker: settled, storeErrors };
}

test('buildDay racing the writer on the same day: built days always equal a fresh rebuild', async (t) => {
  const A = 'race.example';
  const TZ = 'Europe/Berlin';
  await withRig([[A, TZ]], async (rig) => {
    const days = [0, 1, 2, 3, 4, 5, 6].map((d) => ({
      day: [0, 1, 2, 3].map((k) => visit(A, 1000 * d + k, at(d, 6 + 4 * k, 10), k % 2 ? ['/', '/a'] : ['/b'], ['Google', null, 'Twitter'][k % 3] ?? null)),
      // Crosses UTC midnight under the id of the day it began.
      night: visit(A, 1000 * d + 9, at(d, 23, 50), ['/', '/night'], 'Twitter', 20),
    }));
    await store(rig, days.flatMap((v) => [...v.day, v.night].flatMap((x) => x.events)));
    await updateRollups(rig.db, rig.worker, NOW);

    // [build delay, flush delay] in ms. A build takes ~0.3 s (a store ~0.05 s): flushes started
    // during it meet it at each of its statements; builds started well after a flush follow it.
    // Builds started 20-90 ms after a flush begin while its store is in flight.
    const DELAYS: [number, number][] = [[0, 10], [0, 20], [0, 35], [0, 50], [0, 80], [0, 120], [0, 160], [0, 200], [0, 250], [0, 320], [300, 0], [500, 0], [20, 0], [45, 0], [70, 0], [90, 0]];
    const lost = { build: 0, store: 0 };
    for (const [r, [buildDelay, flushDelay]] of DELAYS.entries()) {
      const d = (r * 3) % 7;
      // A late event that moves the day's latest end, one that turns a bounce into two pageviews,
      // or a new visit beginning on the day and ending after all of its others.
      const late = [
        () => [ev(A, days[d]!.night.session, 1000 * d + 9, at(d + 1, 0, 30 + r), '/late', 'Twitter')],
        () => [ev(A, days[d]!.day[0]!.session, 1000 * d, at(d, 6, 15 + r), '/late', 'Google')],
        () => visit(A, 1000 * d + 100 + r, at(d, 23, 58), ['/new', '/late'], 'Google', 40 + r).events,
      ][r % 3]!();
      await enqueue(rig, late);
      // Every other round the day is rolled up for the first time rather than again.
      if (r % 2) for (const table of ['rollups', 'rollup_days']) await rig.db.run(`DELETE FROM ${table} WHERE ${DAY_SQL}`, [A, BigInt(at(d))]);
      const { worker, storeErrors } = await race(rig, [buildDelay, () => buildDay(rig.worker, A, TZ, at(d), NOW, false)], flushDelay);
      if (worker.status === 'rejected') lost.build++;
      lost.store += storeErrors.length;
      // As the server goes on: the writer's next flush, the worker's next run.
      await storeAll(rig);
      await updateRollups(rig.db, rig.worker, NOW);
      assert.equal((await dayState(rig.db, A, at(d))).mark?.state, 'built', `round ${r}: day ${d} is built again`);
      assert.equal(await assertFresh(rig, A, at(d)), 1, `round ${r}`);
    }
    t.diagnostic(`conflicts lost by buildDay: ${lost.build}, by the writer: ${lost.store}`);
    assert.ok(lost.build + lost.store > 0, 'some rounds really overlapped');
    assert.ok((await assertFresh(rig, A)) >= 7);
    assert.ok((await assertQueries(rig, A, '2024-06-09', '2024-06-18')) > 0, 'queries read rollups');
  });
});

test('marking days without visits racing the writer storing the first visit of such a day', async (t) => {
  const B = 'empty.example';
  await withRig([[B, 'UTC']], async (rig) => {
    const DELAYS: [number, number][] = [[0, 0], [0, 3], [3, 0], [0, 10], [10, 0], [0, 25], [25, 0], [5, 5], [0, 50], [50, 0]];
    // Visits every third day; round r races for day 3r + 1, which has none yet.
    for (let d = 0; d <= 3 * DELAYS.length; d += 3) await enqueue(rig, visit(B, 1000 * d, at(d, 12), ['/', '/a']).events);
    await storeAll(rig);
    const seen = { built: 0, unbuilt: 0, lost: 0 };
    for (const [r, [updateDelay, flushDelay]] of DELAYS.entries()) {
      const target = 3 * r + 1;
      await enqueue(rig, visit(B, 1000 * target, at(target, 9), ['/first'], 'Google').events);
      // Its last finished day is 3r + 2: the run builds day 3r and marks 3r + 1 (unless it sees the visit) and 3r + 2.
      const now = at(3 * r + 3, 12);
      const { worker, storeErrors } = await race(rig, [updateDelay, () => updateRollups(rig.db, rig.worker, now)], flushDelay);
      seen.lost += storeErrors.length + (worker.status === 'rejected' ? 1 : 0);
      await storeAll(rig);
      if (worker.status === 'rejected') await updateRollups(rig.db, rig.worker, now);
      const { mark, rows } = await dayState(rig.db, B, at(target));
      if (mark === null) {
        seen.unbuilt++;
      } else {
        assert.equal(mark.state, 'built', `round ${r}`);
        assert.ok(rows.some((row) => row.dim === '' && row.v_visits === 1n), `round ${r}: day ${target} is built with its visit`);
        assert.equal(await assertFresh(rig, B, at(target)), 1);
        seen.built++;
      }
      assert.equal((await dayState(rig.db, B, at(target + 1))).mark?.state, 'built', `round ${r}: the empty day after it is marked`);
    }
    t.diagnostic(`day left unbuilt: ${seen.unbuilt}, built with its visit: ${seen.built}, conflicts: ${seen.lost}`);
    await updateRollups(rig.db, rig.worker, NOW);
    assert.ok((await assertQueries(rig, B, '2024-06-10', '2024-07-12')) > 0, 'queries read rollups');
  });
});

test('a visitor id that began visits on two days makes both unclean, also when it arrives after they were built', async () => {
  const C = 'unclean.example';
  await withRig([[C, 'UTC']], async (rig) => {
    for (let d = 0; d < 9; d++) {
      for (let k = 0; k < 2; k++) await enqueue(rig, visit(C, 1000 * d + k, at(d, 9 + 5 * k), k ? ['/', '/a'] : ['/b'], k ? 'Google' : null).events);
    }
    // Visitor 777 begins a visit on day 1 and another on day 2.
    await enqueue(rig, [...visit(C, 777, at(1, 15), ['/', '/a']).events, ...visit(C, 777, at(2, 15), ['/b']).events]);
    await storeAll(rig);
    await updateRollups(rig.db, rig.worker, NOW);
    const firstDays = async () => Object.entries(await states(rig.db, C)).filter(([d]) => Number(d) < 9);
    const built = (days: number[]) => days.map((d) => [String(d), 'built']);
    assert.deepEqual(await firstDays(), [['0', 'built'], ['1', 'unclean'], ['2', 'unclean'], ...built([3, 4, 5, 6, 7, 8])]);
    assert.ok((await assertQueries(rig, C, '2024-06-10', '2024-06-18')) > 0, 'queries read rollups');

    // Day 3's visitor 3000 begins a new visit on day 7: the writer un-builds both days.
    await store(rig, visit(C, 3000, at(7, 18), ['/', '/b']).events);
    assert.deepEqual(await firstDays(), [['0', 'built'], ['1', 'unclean'], ['2', 'unclean'], ...built([4, 5, 6, 8])]);
    assert.ok((await assertQueries(rig, C, '2024-06-10', '2024-06-18')) > 0, 'queries read rollups');

    await updateRollups(rig.db, rig.worker, NOW);
    assert.deepEqual(await firstDays(), [['0', 'built'], ['1', 'unclean'], ['2', 'unclean'], ['3', 'unclean'], ...built([4, 5, 6]), ['7', 'unclean'], ['8', 'built']]);
    assert.equal(await (await rig.db.all(`SELECT count(*) AS n FROM rollups r JOIN rollup_days d USING (site, day) WHERE d.state = 'unclean'`))[0]!.n, 0n, 'unclean days hold no rollups');
    assert.ok((await assertQueries(rig, C, '2024-06-10', '2024-06-18')) > 0, 'queries read rollups');
    assert.ok((await assertFresh(rig, C)) >= 5);
  });
});

test('a change of the site\'s time zone rebuilds its days in the new zone', async () => {
  const Z = 'zone.example';
  await withRig([[Z, 'UTC']], async (rig) => {
    for (let d = 0; d < 6; d++) {
      for (const [i, hh] of [1, 12, 23].entries()) await enqueue(rig, visit(Z, 1000 * d + i, at(d, hh, 40), ['/', `/p${i}`], i ? 'Google' : null, 25).events);
    }
    await storeAll(rig);
    const zones = async () => (await rig.db.all<{ tz: string; n: bigint }>(`SELECT tz, count(*) AS n FROM rollup_days WHERE site = $1 AND state = 'built' AND day < $2::TIMESTAMPTZ GROUP BY tz`, [Z, new Date(at(6)).toISOString()])).map((r) => [r.tz, r.n]);
    const byDay = () => runQuery({ db: rig.db, events: duckdbEventQueries(rig.db), now: () => NOW }, parseQuery({ site_id: Z, date_range: ['2024-06-10', '2024-06-15'], metrics: METRICS, dimensions: ['time:day'] }));
    await updateRollups(rig.db, rig.worker, NOW);
    assert.deepEqual(await zones(), [['UTC', 6n]]);
    assert.ok((await assertQueries(rig, Z, '2024-06-10', '2024-06-15')) > 0, 'queries read rollups');
    const inUtc = await byDay();

    const NY = 'America/New_York';
    await rig.db.run('UPDATE sites SET timezone = $1 WHERE domain = $2', [NY, Z]);
    rig.sites[0]!.tz = NY;
    // Until the worker runs again, days built in the old zone are not used.
    assert.equal(await assertQueries(rig, Z, '2024-06-10', '2024-06-15'), 0, 'no query reads rollups of another zone');
    await updateRollups(rig.db, rig.worker, NOW);
    assert.deepEqual(await zones(), [[NY, 6n]]);
    assert.ok((await assertQueries(rig, Z, '2024-06-10', '2024-06-15')) > 0, 'queries read rollups');
    assert.notDeepEqual((await byDay()).results, inUtc.results, 'the zone moves visits between days');
    assert.ok((await assertFresh(rig, Z)) >= 6);
  });
});

/** The worker's connection, unchanged except that `before` runs once just before the first `sql` statement. */
function pausedBefore(conn: DuckDBConnection, sql: string, before: () => Promise<void>): DuckDBConnection {
  let done = false;
  const run = async (statement: string, params?: never) => {
    if (!done && statement === sql) await before().finally(() => (done = true));
    return conn.run(statement, params);
  };
  return new Proxy(conn, {
    get: (target, prop) => (prop === 'run' ? run : ((value) => (typeof value === 'function' ? value.bind(target) : value))(Reflect.get(target, prop, target) as unknown)),
  });
}

// buildDay once read the day's visit count and latest end (dayFacts) before BEGIN TRANSACTION: a
// store committed in between did not conflict with the build, which then rolled up only events up
// to the stale latest end and marked the day built for good. It now reads inside the transaction.
test('a segment stored just before buildDay\'s transaction is rolled up with the day', async () => {
  const K = 'gap.example';
  await withRig([[K, 'UTC']], async (rig) => {
    const visits = [0, 1, 2].map((d) => visit(K, 1000 * d, at(d, 10)));
    await store(rig, visits.flatMap((v) => v.events));
    await updateRollups(rig.db, rig.worker, NOW);
    // Day 1's only visit gets a second pageview, after the day's latest end as buildDay read it.
    await enqueue(rig, [ev(K, visits[1]!.session, 1000, at(1, 10, 20), '/late')]);
    assert.equal(await buildDay(pausedBefore(rig.worker, 'BEGIN TRANSACTION', () => storeAll(rig)), K, 'UTC', at(1), NOW, false), 'built');
    await updateRollups(rig.db, rig.worker, NOW);
    await assertQueries(rig, K, '2024-06-10', '2024-06-12');
    await assertFresh(rig, K);
  });
});
