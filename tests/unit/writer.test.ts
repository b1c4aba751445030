import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writer } from '../../src/store/writer.ts';
import { Spool, readSegment } from '../../src/store/spool.ts';
import { eventToLine } from '../../src/store/spool-format.ts';
import { duckDbSink, type SegmentSink } from '../../src/store/event-sink.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { Metrics } from '../../src/metrics.ts';
import { silentLogger } from '../../src/log.ts';
import type { Event } from '../../src/event.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
// Long enough that the writer's own timer never flushes during a test.
const INTERVAL = 600_000;

/** Event fields as toEvent makes them; `i` varies what would otherwise be identical rows. */
function fields(i: number, patch: Partial<Omit<Event, 'id'>> = {}): Omit<Event, 'id'> {
  return {
    ts: T0 + i * 1000, site: 'example.com', name: i % 3 === 0 ? 'Signup' : 'pageview',
    visitorId: 1000n + BigInt(i % 5), sessionId: 2000n + BigInt(i % 7),
    hostname: 'example.com', pathname: `/p/${i}`, title: `Page ${i}`, referrer: null, source: null, channel: 'Direct',
    utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null,
    country: 'DE', region: null, city: null, browser: 'Firefox', browserVersion: '125', os: 'Linux', osVersion: null, device: 'desktop',
    screenWidth: 1920, screenHeight: 1080, props: i % 3 === 0 ? { plan: 'pro' } : null, revenue: i % 3 === 0 ? 9.99 : null,
    scrollDepth: null, engagedMs: null, ...patch,
  };
}

/** A sink that fails like a full disk while `failing` is set. */
function flaky(inner: SegmentSink): SegmentSink & { failing: boolean; appends: number } {
  const sink = {
    failing: false,
    appends: 0,
    async storeSegment(file: string, firstId: bigint) {
      if (sink.failing) throw new Error('IO Error: No space left on device');
      sink.appends++;
      return inner.storeSegment(file, firstId);
    },
    maxId: () => inner.maxId(),
    checkpoint: () => inner.checkpoint(),
  };
  return sink;
}

interface Rig { dir: string; dbFile: string; spoolDir: string; db: Db; sink: ReturnType<typeof flaky>; spool: Spool; writer: Writer; metrics: Metrics; clock: { t: number } }

async function open(dir: string, spoolMaxBytes = 10 * 1024 * 1024): Promise<Rig> {
  const dbFile = path.join(dir, 'inkling.duckdb');
  const spoolDir = path.join(dir, 'spool');
  const db = await openDuckDb(dbFile);
  const sink = flaky(duckDbSink(await db.connect()));
  const spool = new Spool(spoolDir, spoolMaxBytes);
  const metrics = new Metrics();
  const clock = { t: T0 };
  // A huge batch size and interval: only the test's own flush() calls store anything.
  const writer = await Writer.open({ spool, sink, log: silentLogger, metrics, batchSize: 1_000_000, flushIntervalMs: INTERVAL, now: () => clock.t });
  return { dir, dbFile, spoolDir, db, sink, spool, writer, metrics, clock };
}

async function shut(rig: Rig): Promise<void> {
  await rig.writer.close();
  await rig.db.close();
}

async function counts(db: Db): Promise<{ rows: number; ids: number }> {
  const [row] = await db.all<{ rows: bigint; ids: bigint }>('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM events');
  return { rows: Number(row?.rows ?? -1n), ids: Number(row?.ids ?? -1n) };
}

const segmentFiles = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.ndjson')).sort();

for (const n of [1, 10, 250]) {
  test(`Writer: ${n} events enqueued, flushed -> ${n} rows, spool empty`, async () => {
    const rig = await open(tmpDir());
    try {
      // One event-loop turn: one group write to the spool.
      const accepted = await Promise.all(Array.from({ length: n }, (_, i) => rig.writer.enqueue(fields(i))));
      assert.deepEqual(accepted, Array(n).fill(true));
      assert.equal(rig.writer.queued, n);
      assert.ok(rig.spool.bytes > 0);
      await rig.writer.flush();
      assert.deepEqual(await counts(rig.db), { rows: n, ids: n });
      assert.equal(rig.spool.bytes, 0);
      assert.deepEqual(segmentFiles(rig.spoolDir), []);
      assert.equal(rig.metrics.flushedEvents, n);
    } finally {
      await shut(rig);
      removeDir(rig.dir);
    }
  });
}

test('Writer: stored rows keep every field', async () => {
  const rig = await open(tmpDir());
  try {
    assert.equal(await rig.writer.enqueue(fields(0, { scrollDepth: 80, engagedMs: 12_345, utmSource: 'hn' })), true);
    await rig.writer.flush();
    const [row] = await rig.db.all('SELECT id, epoch_ms(ts) AS ts, name, visitor_id, pathname, props, revenue, scroll_depth, engaged_ms, utm_source FROM events');
    assert.deepEqual({ ...row, props: JSON.stringify(row?.props) }, {
      id: 1n, ts: BigInt(T0), name: 'Signup', visitor_id: 1000n, pathname: '/p/0', props: JSON.stringify([{ key: 'plan', value: 'pro' }]),
      revenue: 9.99, scroll_depth: 80, engaged_ms: 12_345, utm_source: 'hn',
    });
  } finally {
    await shut(rig);
    removeDir(rig.dir);
  }
});

test('Writer: a failing store keeps events in the spool; after the retry delay all rows land exactly once', async () => {
  const rig = await open(tmpDir());
  try {
    rig.sink.failing = true;
    for (let i = 0; i < 5; i++) assert.equal(await rig.writer.enqueue(fields(i)), true);
    await rig.writer.flush(); // fails: segment stays
    const afterFirst = rig.spool.bytes;
    assert.ok(afterFirst > 0);
    assert.equal(rig.metrics.flushFailures, 1);
    assert.equal(rig.writer.queued, 5, 'the queue gauge counts events waiting in closed segments');

    for (let i = 5; i < 12; i++) assert.equal(await rig.writer.enqueue(fields(i)), true, 'still accepted while the store fails');
    await rig.writer.flush(); // before the retry delay: not even tried
    assert.ok(rig.spool.bytes > afterFirst, 'spool grows');
    assert.equal(segmentFiles(rig.spoolDir).length, 2);
    assert.deepEqual(await counts(rig.db), { rows: 0, ids: 0 });
    assert.equal(rig.writer.queued, 12);

    rig.sink.failing = false;
    await rig.writer.flush(); // still inside the retry delay
    assert.deepEqual(await counts(rig.db), { rows: 0, ids: 0 });

    rig.clock.t += 30_000; // past any retry delay
    assert.equal(await rig.writer.enqueue(fields(12)), true);
    await rig.writer.flush();
    assert.deepEqual(await counts(rig.db), { rows: 13, ids: 13 });
    assert.equal(rig.spool.bytes, 0);
    assert.deepEqual(segmentFiles(rig.spoolDir), []);
    assert.equal(rig.writer.queued, 0);

    await rig.writer.flush();
    assert.deepEqual(await counts(rig.db), { rows: 13, ids: 13 }, 'nothing stored twice');
  } finally {
    await shut(rig);
    removeDir(rig.dir);
  }
});

test('Writer: a store that commits but fails before the segment is removed stores nothing twice on retry', async () => {
  const rig = await open(tmpDir());
  const storeSegment = rig.sink.storeSegment;
  let cut = true;
  rig.sink.storeSegment = async (file, firstId) => {
    if (!cut) return storeSegment(file, firstId);
    cut = false;
    await storeSegment(file, firstId); // the rows reach the table, then the process is interrupted
    throw new Error('IO Error: No space left on device');
  };
  try {
    await Promise.all(Array.from({ length: 7 }, (_, i) => rig.writer.enqueue(fields(i))));
    await rig.writer.flush();
    assert.deepEqual(await counts(rig.db), { rows: 7, ids: 7 });
    assert.ok(rig.spool.bytes > 0, 'the segment is still there');
    rig.clock.t += 30_000;
    assert.equal(await rig.writer.enqueue(fields(7)), true);
    await rig.writer.flush();
    assert.deepEqual(await counts(rig.db), { rows: 8, ids: 8 });
    assert.equal(rig.spool.bytes, 0);
  } finally {
    await shut(rig);
    removeDir(rig.dir);
  }
});

test('Writer: text that is not well-formed UTF-16 (a lone surrogate) is stored with U+FFFD, never lost', async () => {
  const rig = await open(tmpDir());
  try {
    assert.equal(await rig.writer.enqueue(fields(1, { title: 'half \ud83d emoji', props: { 'k\udc00': 'v\ud800' } })), true);
    await rig.writer.flush();
    const [row] = await rig.db.all<{ title: string; props: unknown }>('SELECT title, props FROM events');
    assert.equal(row?.title, 'half \ufffd emoji');
    assert.deepEqual(row?.props, [{ key: 'k\ufffd', value: 'v\ufffd' }]);
  } finally {
    await shut(rig);
    removeDir(rig.dir);
  }
});

test('Spool: a tiny bound refuses events once full; a group that does not fit is refused whole', async () => {
  const oneLine = Buffer.byteLength(eventToLine({ id: 10n, ...fields(1) }) + '\n');
  const rig = await open(tmpDir(), oneLine * 4 + 10);
  try {
    const accepted: boolean[] = [];
    for (let i = 0; i < 3; i++) accepted.push(await rig.writer.enqueue(fields(1)));
    // Two in one turn share one write, and only one more line fits.
    accepted.push(...(await Promise.all([rig.writer.enqueue(fields(1)), rig.writer.enqueue(fields(1))])));
    accepted.push(await rig.writer.enqueue(fields(1)));
    assert.deepEqual(accepted, [true, true, true, false, false, true]);
    assert.equal(await rig.writer.enqueue(fields(1)), false, 'full');
    assert.ok(rig.spool.bytes <= oneLine * 4 + 10);
    await rig.writer.flush();
    assert.deepEqual(await counts(rig.db), { rows: 4, ids: 4 });
    // Stored and removed: room again, and ids never repeat.
    assert.equal(await rig.writer.enqueue(fields(1)), true);
    await rig.writer.flush();
    assert.deepEqual(await counts(rig.db), { rows: 5, ids: 5 });
  } finally {
    await shut(rig);
    removeDir(rig.dir);
  }
});

/** Stops a writer the way a kill -9 would leave the disk: the store never got the spooled events. */
async function crash(rig: Rig): Promise<void> {
  rig.sink.failing = true;
  await shut(rig);
}

// A short or failed write must leave no partial line: the next event's line would be glued to it
// and lost on replay, although it was acknowledged.
for (const fault of ['short write', 'write error after part of the group'] as const) {
  test(`Spool: a ${fault} loses no acknowledged event on replay`, async () => {
    const dir = tmpDir();
    const first = await open(dir);
    const acknowledged: number[] = [];
    const enqueue = async (i: number) => {
      if (await first.writer.enqueue(fields(i))) acknowledged.push(i);
    };
    await enqueue(0);
    const real = fs.writeSync;
    // A faithful short write: at most 40 bytes of what was asked, from the given offset.
    const faulty = mock.method(fs, 'writeSync', (fd: number, data: string | Buffer, offset = 0, length?: number) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      const end = length === undefined ? bytes.length : offset + length;
      const part = bytes.subarray(offset, Math.min(end, offset + 40));
      const written = real(fd, part);
      if (fault === 'short write') return written;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      await enqueue(1);
    } finally {
      faulty.mock.restore();
    }
    await enqueue(2);
    assert.ok(acknowledged.includes(2));
    await crash(first);

    const second = await open(dir);
    try {
      const stored = (await second.db.all<{ pathname: string }>('SELECT pathname FROM events ORDER BY id')).map((r) => r.pathname);
      assert.deepEqual(stored, acknowledged.map((i) => `/p/${i}`));
    } finally {
      await shut(second);
      removeDir(dir);
    }
  });
}

test('Writer: restart after a crash between store and segment removal replays without duplicates', async () => {
  const dir = tmpDir();
  const first = await open(dir);
  let saved: { file: string; text: string } | null = null;
  try {
    await Promise.all(Array.from({ length: 8 }, (_, i) => first.writer.enqueue(fields(i))));
    const [name] = segmentFiles(first.spoolDir);
    assert.ok(name !== undefined);
    const file = path.join(first.spoolDir, name);
    saved = { file, text: fs.readFileSync(file, 'utf8') };
    await first.writer.flush();
    assert.deepEqual(segmentFiles(first.spoolDir), []);
  } finally {
    await shut(first);
  }
  // The crash: the rows were stored, but the segment removal never reached the disk.
  fs.writeFileSync(saved.file, saved.text);
  assert.equal(readSegment(saved.file).length, 8);

  const second = await open(dir);
  try {
    assert.deepEqual(segmentFiles(second.spoolDir), [], 'replayed on open');
    assert.deepEqual(await counts(second.db), { rows: 8, ids: 8 });
    await Promise.all([8, 9, 10].map((i) => second.writer.enqueue(fields(i))));
    await second.writer.flush();
    assert.deepEqual(await counts(second.db), { rows: 11, ids: 11 });
    const [range] = await second.db.all<{ lo: bigint; hi: bigint }>('SELECT min(id) AS lo, max(id) AS hi FROM events');
    assert.deepEqual(range, { lo: 1n, hi: 11n }, 'ids continue after the store');
  } finally {
    await shut(second);
    removeDir(dir);
  }
});

test('Writer: restart with unstored segments (kill -9 before any flush) stores them once', async () => {
  const dir = tmpDir();
  const first = await open(dir);
  await Promise.all([0, 1, 2, 3].map((i) => first.writer.enqueue(fields(i))));
  await crash(first);
  assert.equal(segmentFiles(path.join(dir, 'spool')).length, 1);

  const second = await open(dir);
  try {
    assert.deepEqual(await counts(second.db), { rows: 4, ids: 4 });
    assert.equal(second.writer.queued, 0, 'the replayed segment is stored during open');
    assert.equal(await second.writer.enqueue(fields(4)), true);
    await second.writer.flush();
    assert.deepEqual(await counts(second.db), { rows: 5, ids: 5 });
  } finally {
    await shut(second);
    removeDir(dir);
  }
});

test('readSegment: a torn last line is skipped', () => {
  const dir = tmpDir();
  try {
    const file = path.join(dir, 'segment-00000000000000000001.ndjson');
    const line = eventToLine({ id: 1n, ...fields(1) });
    fs.writeFileSync(file, `${line}\n${line.slice(0, 40)}`);
    assert.deepEqual(readSegment(file).map((e) => e.id), [1n]);
  } finally {
    removeDir(dir);
  }
});
