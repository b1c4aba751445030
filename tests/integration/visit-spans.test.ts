// visit_spans against a real DuckDB file: what the writer (duckDbSink + mergeSegmentSpans) keeps
// equals min/max of ts and visitor_id per (site, session_id) over non-engagement events, across
// flushes, sites, out-of-order events and visits crossing UTC midnight; replaying a segment
// changes nothing; storing events drops the built rollup days they make stale (the day a visit
// began, and days whose visitor ids are seen again) and no others; deleteEvents keeps spans exact
// and drops a site's spans and rollups without touching another site's. The last test races
// deleteEvents (one transaction on its own connection) against the writer storing a segment that
// extends the visits it cuts: whichever side loses the conflict is retried, and in the end the
// spans are still exact and no acknowledged event after the cut is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writer } from '../../src/store/writer.ts';
import { Spool } from '../../src/store/spool.ts';
import { eventToLine } from '../../src/store/spool-format.ts';
import { duckDbSink, type SegmentSink } from '../../src/store/event-sink.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';
import { Metrics } from '../../src/metrics.ts';
import type { Event } from '../../src/event.ts';
import { makeEvent } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const A = 'a.example';
const B = 'b.example';
/** Epoch ms of day `d` (0 = 2024-06-10) at hh:mm UTC. */
const at = (d: number, hh: number, mm = 0) => Date.UTC(2024, 5, 10 + d, hh, mm);
const dayIso = (d: number) => new Date(at(d, 0)).toISOString();

interface Rig {
  dir: string; db: Db; sink: SegmentSink; writer: Writer; spool: Spool;
  /** The writer's clock: moving it on lets a flush retry a failed store at once. */
  clock: { now: number };
  /** Error messages of the writer's failed stores. */
  storeErrors: string[];
}

async function open(): Promise<Rig> {
  const dir = tmpDir('inkling-visit-spans-');
  const db = await openDuckDb(path.join(dir, 'inkling.duckdb'));
  const sink = duckDbSink(await db.connect());
  const spool = new Spool(path.join(dir, 'spool'), 10 * 1024 * 1024);
  const clock = { now: at(0, 0) };
  const storeErrors: string[] = [];
  const log = { info() {}, error: (_: string, fields?: Record<string, unknown>) => void storeErrors.push(String(fields?.error)) };
  // Huge batch and interval: only the test's flush() calls store anything.
  const writer = await Writer.open({ spool, sink, log, metrics: new Metrics(), batchSize: 1_000_000, flushIntervalMs: 600_000, now: () => clock.now });
  return { dir, db, sink, writer, spool, clock, storeErrors };
}

async function withRig(fn: (rig: Rig) => Promise<void>): Promise<void> {
  const rig = await open();
  try {
    await fn(rig);
  } finally {
    await rig.writer.close();
    await rig.db.close();
    removeDir(rig.dir);
  }
}

type Ev = [site: string, session: number, visitor: number, ts: number, name?: string];
const event = ([site, session, visitor, ts, name = 'pageview']: Ev, id = 0n): Event =>
  makeEvent({ id, ts, site, name, visitorId: BigInt(visitor), sessionId: BigInt(session), pathname: '/' });

/** Enqueues the events (one spool write each) and stores them as one segment. */
async function write(rig: Rig, events: Ev[]): Promise<void> {
  for (const e of events) assert.equal(await rig.writer.enqueue(event(e)), true);
  await rig.writer.flush();
}

const COLS = 'site, session_id, epoch_ms(start_ts) AS start_ts, epoch_ms(end_ts) AS end_ts, vid_min, vid_max';
const spans = (db: Db) => db.all(`SELECT ${COLS} FROM visit_spans ORDER BY site, session_id`);
const expected = (db: Db) => db.all(`SELECT ${COLS} FROM (
    SELECT site, session_id, min(ts) AS start_ts, max(ts) AS end_ts, min(visitor_id) AS vid_min, max(visitor_id) AS vid_max
    FROM events WHERE name <> 'engagement' GROUP BY site, session_id) ORDER BY site, session_id`);

async function assertSpansExact(db: Db, message?: string): Promise<void> {
  const [want, got] = [await expected(db), await spans(db)];
  assert.ok(want.length > 0, 'there are visits to compare');
  assert.deepEqual(got, want, message);
}

/** Marks (site, day d) built, with one rollups row. */
async function buildDay(db: Db, site: string, d: number): Promise<void> {
  await db.run(`INSERT INTO rollup_days VALUES ($1, $2::TIMESTAMPTZ, 'built', 'UTC', NULL)`, [site, dayIso(d)]);
  await db.run(`INSERT INTO rollups VALUES ($1, $2::TIMESTAMPTZ, '', NULL, 1, 1, 1, 1, 1, 0, 0)`, [site, dayIso(d)]);
}

/** The built days left, as 'site d' strings, with their rollups rows (which must match). */
async function builtDays(db: Db): Promise<string[]> {
  const days = `SELECT site || ' ' || ((epoch_ms(day) - ${at(0, 0)}) // 86400000)::VARCHAR AS k FROM`;
  const built = (await db.all<{ k: string }>(`${days} rollup_days ORDER BY k`)).map((r) => r.k);
  const rolled = (await db.all<{ k: string }>(`${days} rollups ORDER BY k`)).map((r) => r.k);
  assert.deepEqual(rolled, built, 'rollups rows exist exactly for built days');
  return built;
}

test('spans kept by the writer equal the aggregate over events, flush after flush', async () => {
  await withRig(async (rig) => {
    const flushes: Ev[][] = [
      [[A, 1, 11, at(0, 10)], [A, 1, 11, at(0, 10, 1), 'engagement'], [A, 2, 12, at(0, 11)], [B, 1, 91, at(0, 10, 30)]],
      // Visit A/1 continues; a late engagement event must not stretch it. A/3 begins before midnight.
      [[A, 1, 11, at(0, 10, 5)], [A, 1, 11, at(0, 10, 40), 'engagement'], [A, 3, 13, at(0, 23, 58)], [B, 1, 91, at(0, 10, 40)]],
      // A/3 after midnight under the next day's visitor id; A/2 gets an earlier, out-of-order event;
      // A/4 is engagement only (no visit).
      [[A, 3, 14, at(1, 0, 2)], [A, 3, 14, at(1, 0, 3), 'engagement'], [A, 2, 12, at(0, 10, 55)], [A, 4, 15, at(1, 1), 'engagement']],
      [[A, 3, 14, at(1, 0, 5), 'Signup'], [B, 2, 92, at(1, 9)]],
    ];
    for (const [i, events] of flushes.entries()) {
      await write(rig, events);
      await assertSpansExact(rig.db, `after flush ${i + 1}`);
    }
    const got = await spans(rig.db);
    assert.equal(got.length, 5);
    assert.deepEqual(got.find((s) => s.site === A && s.session_id === 3n),
      { site: A, session_id: 3n, start_ts: BigInt(at(0, 23, 58)), end_ts: BigInt(at(1, 0, 5)), vid_min: 13n, vid_max: 14n });
    assert.deepEqual(got.find((s) => s.site === A && s.session_id === 1n)?.end_ts, BigInt(at(0, 10, 5)));
  });
});

test('storing the same segment again (a crash replay) changes neither events nor spans', async () => {
  await withRig(async (rig) => {
    const segment = (name: string, firstId: bigint, evs: Ev[]) => {
      const file = path.join(rig.dir, name);
      fs.writeFileSync(file, evs.map((e, i) => eventToLine(event(e, firstId + BigInt(i))) + '\n').join(''));
      return file;
    };
    const first = segment('first.ndjson', 1n, [[A, 1, 11, at(0, 10)], [A, 1, 11, at(0, 10, 5)], [A, 2, 12, at(0, 23, 59)], [B, 1, 91, at(0, 9)]]);
    const second = segment('second.ndjson', 5n, [[A, 2, 13, at(1, 0, 1)], [A, 1, 11, at(0, 9, 50)]]);
    const state = async () => ({ spans: await spans(rig.db), events: await rig.db.all('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM events') });

    assert.equal(await rig.sink.storeSegment(first, 1n), 4);
    const once = await state();
    assert.equal(await rig.sink.storeSegment(first, 1n), 0);
    assert.equal(await rig.sink.storeSegment(first, 1n), 0);
    assert.deepEqual(await state(), once);
    await assertSpansExact(rig.db);

    // A replay of an older segment after a newer one was stored.
    assert.equal(await rig.sink.storeSegment(second, 5n), 2);
    const both = await state();
    assert.equal(await rig.sink.storeSegment(first, 1n), 0);
    assert.equal(await rig.sink.storeSegment(second, 5n), 0);
    assert.deepEqual(await state(), both);
    assert.deepEqual(both.events, [{ n: 6n, ids: 6n }]);
    await assertSpansExact(rig.db);
  });
});

test('storing events drops the built days they change, and only those', async () => {
  await withRig(async (rig) => {
    await write(rig, [[A, 1, 11, at(0, 10)], [A, 2, 12, at(1, 10)], [A, 6, 16, at(3, 12)], [B, 1, 91, at(0, 10)], [B, 2, 92, at(3, 10)]]);
    for (const [site, d] of [[A, 0], [A, 1], [A, 2], [A, 3], [B, 0], [B, 3]] as const) await buildDay(rig.db, site, d);

    // A/1 (began day 0) gets a new event; visitor 12 of A/2 (day 1) comes back in a new visit on day 4.
    await write(rig, [[A, 1, 11, at(0, 10, 20)], [A, 5, 12, at(4, 8)]]);
    assert.deepEqual(await builtDays(rig.db), ['a.example 2', 'a.example 3', 'b.example 0', 'b.example 3']);
    await assertSpansExact(rig.db);

    // A/6 gets an earlier event, moving its start from day 3 to day 2: both days are dropped.
    await write(rig, [[A, 6, 16, at(2, 23, 50)]]);
    assert.deepEqual(await builtDays(rig.db), ['b.example 0', 'b.example 3']);
    await assertSpansExact(rig.db);
  });
});

test('a built day is dropped when one of its visits continues past midnight under a second visitor id', async () => {
  await withRig(async (rig) => {
    await write(rig, [[A, 7, 70, at(5, 23, 58)], [A, 9, 79, at(6, 9)]]);
    await buildDay(rig.db, A, 5);
    await buildDay(rig.db, A, 6);
    await write(rig, [[A, 7, 71, at(6, 0, 2)]]);
    assert.deepEqual(await builtDays(rig.db), ['a.example 6']);
    await assertSpansExact(rig.db);
  });
});

test('deleteEvents keeps spans exact for a visit cut in two, and a whole-site delete spares other sites', async () => {
  await withRig(async (rig) => {
    const cut = at(1, 12);
    const visits = (site: string, v: number): Ev[] => [
      [site, 1, v + 1, at(0, 10)], [site, 1, v + 1, at(0, 10, 10)], // wholly before the cut
      [site, 2, v + 2, at(1, 11, 50)], [site, 2, v + 2, at(1, 12, 5)], [site, 2, v + 2, at(1, 12, 10)], [site, 2, v + 2, at(1, 12, 30), 'engagement'], // straddles it
      [site, 3, v + 3, at(1, 11, 55)], [site, 3, v + 3, at(1, 12, 15), 'engagement'], // only engagement after it
      [site, 4, v + 4, at(2, 9)], [site, 4, v + 4, at(2, 9, 30)], // after it
    ];
    await write(rig, [...visits(A, 10), ...visits(B, 90)]);
    for (const site of [A, B]) for (const d of [0, 1, 2]) await buildDay(rig.db, site, d);
    const bSpans = async () => (await spans(rig.db)).filter((s) => s.site === B);
    const bBefore = await bSpans();

    const queries = duckdbEventQueries(rig.db);
    assert.equal(await queries.deleteEvents(A, cut), 4);
    await assertSpansExact(rig.db);
    const aSpans = (await spans(rig.db)).filter((s) => s.site === A);
    assert.deepEqual(aSpans.map((s) => [s.session_id, s.start_ts, s.end_ts]), [[2n, BigInt(at(1, 12, 5)), BigInt(at(1, 12, 10))], [4n, BigInt(at(2, 9)), BigInt(at(2, 9, 30))]]);
    // Days up to the cut visits' last day are dropped; day 2 and site B keep theirs.
    assert.deepEqual(await builtDays(rig.db), ['a.example 2', 'b.example 0', 'b.example 1', 'b.example 2']);
    assert.deepEqual(await bSpans(), bBefore);

    assert.equal(await queries.deleteEvents(A, null), 6);
    assert.deepEqual((await spans(rig.db)).filter((s) => s.site === A), []);
    assert.deepEqual(await builtDays(rig.db), ['b.example 0', 'b.example 1', 'b.example 2']);
    assert.deepEqual(await bSpans(), bBefore);
    await assertSpansExact(rig.db);
  });
});

// deleteEvents deletes events and recomputes the spans it cuts in one transaction on its own
// connection, while the writer stores on its own: when both touch the same visit one of them gets
// a DuckDB conflict. A failed store stays in the spool and the next flush retries it; a failed
// deleteEvents throws and is called again (as retention does). Either way nothing may be lost.
test('a segment stored while deleteEvents runs stays in its visit span, whichever side loses the conflict', async (t) => {
  await withRig(async (rig) => {
    const queries = duckdbEventQueries(rig.db);
    const MIN = 60_000;
    const isConflict = (message: string) => /conflict/i.test(message);
    /** Every event the writer acknowledged, with the id it was given. */
    const acked: Event[] = [];
    const enqueue = async (events: Ev[]) => {
      for (const e of events) {
        const ev = event(e);
        assert.equal(await rig.writer.enqueue(ev), true);
        acked.push(ev);
      }
    };
    /** Flushes until the spool holds no segment: each failed store must have been a conflict. */
    const storeAll = async () => {
      for (let attempt = 0; rig.spool.closedSegments().length > 0; attempt++) {
        assert.ok(attempt < 10, 'the writer stores its segment within 10 retries');
        rig.clock.now += MIN; // past the retry delay
        await rig.writer.flush();
      }
    };
    let deleteConflicts = 0;
    let storeConflicts = 0;

    const DELETE_DELAYS_MS = [0, 0, 2, 5, 8, 10, 12, 15, 20, 30, 40, 60];
    for (let round = 0; round < DELETE_DELAYS_MS.length; round++) {
      const cut = at(1, 12 + round);
      const s = 100 + round;
      // Visit s straddles this round's cut; visit s - 1 (last round's) now lies wholly before it,
      // until the racing segment below gives it an event after the cut.
      await enqueue([[A, s, s, cut - 10 * MIN], [A, s, s, cut + 5 * MIN], [B, s, s, cut - 10 * MIN]]);
      await rig.writer.flush();
      assert.equal(rig.spool.closedSegments().length, 0, 'nothing races this store');
      // The segment that races the delete extends both cut visits past the cut (acknowledged first).
      await enqueue([[A, s, s, cut + 40 * MIN], [A, s, s, cut + 45 * MIN, 'engagement'], [A, s - 1, s - 1, cut + 20 * MIN]]);
      const stillBefore = (await rig.db.all<{ n: bigint }>(
        `SELECT count(*) AS n FROM events WHERE site = $1 AND ts < make_timestamptz($2::BIGINT * 1000)`, [A, BigInt(cut)]))[0]!.n;
      const errorsBefore = rig.storeErrors.length;

      // Starting deleteEvents 0..60 ms after the flush varies which side reaches the visit's span
      // row first (both lose some rounds); which one loses a round is up to timing, the outcome is not.
      const deleteLater = async () => {
        await new Promise((resolve) => setTimeout(resolve, DELETE_DELAYS_MS[round]));
        return queries.deleteEvents(A, cut);
      };
      const [deleted] = await Promise.allSettled([deleteLater(), rig.writer.flush()]);
      let removed: number;
      if (deleted.status === 'rejected') {
        const message = (deleted.reason as Error).message;
        assert.ok(isConflict(message), `deleteEvents failed only on a conflict, not: ${message}`);
        deleteConflicts++;
        await storeAll(); // the writer may have failed too
        removed = await queries.deleteEvents(A, cut);
      } else {
        removed = deleted.value;
      }
      assert.equal(BigInt(removed), stillBefore, `round ${round}: deleteEvents counts the events before the cut`);
      for (const message of rig.storeErrors.slice(errorsBefore)) {
        assert.ok(isConflict(message), `the writer failed only on a conflict, not: ${message}`);
        storeConflicts++;
      }
      await storeAll();

      await assertSpansExact(rig.db, `round ${round}`);
      const spanOf = async (session: number) => {
        const span = (await spans(rig.db)).find((x) => x.site === A && x.session_id === BigInt(session));
        return [span?.start_ts, span?.end_ts];
      };
      assert.deepEqual(await spanOf(s), [BigInt(cut + 5 * MIN), BigInt(cut + 40 * MIN)], `round ${round}: visit ${s} keeps the racing segment`);
      assert.deepEqual(await spanOf(s - 1), [BigInt(cut + 20 * MIN), BigInt(cut + 20 * MIN)], `round ${round}: visit ${s - 1} is what the racing segment left of it`);
      // The events table holds every acknowledged event, each once, except site A's before the cut.
      const want = acked.filter((e) => !(e.site === A && e.ts < cut)).map((e) => e.id).sort((x, y) => (x < y ? -1 : 1));
      const stored = (await rig.db.all<{ id: bigint }>('SELECT id FROM events ORDER BY id')).map((r) => r.id);
      assert.deepEqual(stored, want, `round ${round}: no acknowledged event was lost`);
    }
    t.diagnostic(`conflicts lost by deleteEvents: ${deleteConflicts}, by the writer: ${storeConflicts}`);
  });
});
