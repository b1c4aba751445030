// The store fails (a full disk) under HTTP traffic: answers stay normal, the spool stays within
// its bound (then drops with spool_full), and everything accepted is stored once the store works again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startInkling } from '../../src/server.ts';
import type { SegmentSink } from '../../src/store/event-sink.ts';
import { testClock } from '../helpers/app.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { USER_AGENTS, pick } from '../helpers/traffic.ts';

const SPOOL_MB = 1;

function failingWhen(isFailing: () => boolean) {
  return (inner: SegmentSink): SegmentSink => ({
    storeSegment: async (file, firstId) => {
      if (isFailing()) throw new Error('IO Error: No space left on device');
      return inner.storeSegment(file, firstId);
    },
    maxId: () => inner.maxId(),
    checkpoint: () => inner.checkpoint(),
  });
}

/** Alternates pixel and event hits; long titles fill the spool quickly. */
function hit(app: FastifyInstance, i: number) {
  const headers = { 'user-agent': pick(USER_AGENTS, i), 'content-type': 'text/plain' };
  const remoteAddress = `198.51.100.${i % 200}`;
  if (i % 2 === 0) return app.inject({ url: `/pixel.gif?d=example.com&path=/p/${i}&title=${'t'.repeat(500)}`, headers, remoteAddress });
  const payload = JSON.stringify({ n: 'pageview', u: `https://example.com/e/${i}`, d: 'example.com', t: 't'.repeat(500) });
  return app.inject({ method: 'POST', url: '/api/event', payload, headers, remoteAddress });
}

const spoolBytes = (dataDir: string) =>
  fs.readdirSync(path.join(dataDir, 'spool')).reduce((sum, name) => sum + fs.statSync(path.join(dataDir, 'spool', name)).size, 0);

test('a failing store: normal answers, a bounded spool, full recovery', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  const clock = testClock();
  let failing = false;
  const config = loadConfig(['--data', dataDir, '--spool-max-mb', String(SPOOL_MB), '--rate-limit', 'off', '--flush-interval-ms', '1000'], {});
  const inkling = await startInkling(config, { log: silentLogger, clock, listen: false, sinkWrapper: failingWhen(() => failing) });
  try {
    await inkling.admin['site.add']!({ domain: 'example.com', timezone: 'UTC' });
    failing = true;
    let accepted = 0;
    let spoolFull = 0;
    // Batches of concurrent hits share one spool write, as real traffic does.
    for (let batch = 0; spoolFull === 0; batch++) {
      assert.ok(batch < 200, 'the spool bound was never reached');
      const answers = await Promise.all(Array.from({ length: 50 }, (_, j) => hit(inkling.app, batch * 50 + j)));
      for (const [i, res] of answers.entries()) {
        assert.equal(res.statusCode, i % 2 === 0 ? 200 : 202, 'collect answers stay normal');
        const dropped = res.headers['x-inkling-dropped'];
        if (dropped === undefined) accepted++;
        else {
          assert.equal(dropped, 'spool_full');
          spoolFull++;
        }
      }
      // Flushes keep failing while the store is down; the spool keeps everything accepted.
      if (batch % 10 === 0) await inkling.writer.flush();
    }
    await inkling.writer.flush();
    assert.ok(accepted > 500, `accepted ${accepted} before the bound`);
    assert.ok(spoolBytes(dataDir) <= SPOOL_MB * 1024 * 1024, `spool ${spoolBytes(dataDir)} bytes within ${SPOOL_MB} MiB`);
    const [before] = await inkling.db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
    assert.equal(Number(before?.n), 0, 'nothing reached the failing store');

    failing = false;
    clock.advance(60_000); // past the writer's retry back-off
    await inkling.writer.flush();
    const [after] = await inkling.db.all<{ n: bigint; ids: bigint }>('SELECT count(*) AS n, count(DISTINCT id) AS ids FROM events');
    assert.equal(Number(after?.n), accepted, 'every accepted event is stored');
    assert.equal(Number(after?.ids), accepted, 'none twice');
    assert.equal(spoolBytes(dataDir), 0, 'the spool is emptied');
    const res = await inkling.app.inject({ url: '/pixel.gif?d=example.com&path=/after', headers: { 'user-agent': USER_AGENTS[0]! } });
    assert.equal(res.headers['x-inkling-dropped'], undefined, 'hits are accepted again');
  } finally {
    await inkling.close();
    removeDir(dataDir);
  }
});
