// Removing a site deletes every one of its events, including those accepted but not yet stored,
// and leaves other sites' events alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startInkling } from '../../src/server.ts';
import { testClock } from '../helpers/app.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { USER_AGENTS, pick } from '../helpers/traffic.ts';

test('site.remove deletes stored and still-queued events of that site only', async () => {
  const dataDir = tmpDir();
  // A long flush interval: only explicit flushes store anything.
  const inkling = await startInkling(loadConfig(['--data', dataDir, '--flush-interval-ms', '1000'], {}), { log: silentLogger, clock: testClock(), listen: false });
  try {
    for (const domain of ['gone.example', 'kept.example']) await inkling.admin['site.add']!({ domain, timezone: 'UTC' });
    const hit = (i: number) => inkling.app.inject({
      url: `/pixel.gif?d=${i % 2 === 0 ? 'gone' : 'kept'}.example&path=/p/${i}`, headers: { 'user-agent': pick(USER_AGENTS, i) }, remoteAddress: `198.51.100.${i}`,
    });
    for (let i = 0; i < 40; i++) await hit(i);
    await inkling.writer.flush();
    for (let i = 40; i < 60; i++) await hit(i); // accepted and spooled, not yet stored
    assert.ok(inkling.writer.queued > 0, 'some events are still queued when the site goes');
    assert.deepEqual(await inkling.admin['site.remove']!({ domain: 'gone.example' }), { domain: 'gone.example', events: 30 });
    await inkling.writer.flush();
    const rows = await inkling.db.all<{ site: string; n: bigint }>('SELECT site, count(*) AS n FROM events GROUP BY site');
    assert.deepEqual(rows.map((r) => [r.site, Number(r.n)]), [['kept.example', 30]]);
    const after = await hit(60);
    assert.equal(after.headers['x-inkling-dropped'], 'unknown_site');
  } finally {
    await inkling.close();
    removeDir(dataDir);
  }
});
