// A whole Inkling with --store clickhouse on the in-process engine: collected hits land in
// ClickHouse (not DuckDB), stats read them back, and a visit survives a restart because the
// session cache is refilled from ClickHouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startInkling } from '../../src/server.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { openChdb, openChdbWithEvents } from '../helpers/chdb.ts';
import { testClock } from '../helpers/app.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const hit = (page: string) => ({ url: `/pixel.gif?d=example.com&path=${page}`, headers: { 'user-agent': UA, 'x-forwarded-for': '198.51.100.23' }, remoteAddress: '127.0.0.1' });

test('--store clickhouse: events go to ClickHouse, stats read them, visits survive a restart', async () => {
  const dataDir = tmpDir('inkling-clickhouse-server-');
  const chDir = path.join(dataDir, 'chdb');
  const clock = testClock(Date.parse('2026-06-15T10:00:00Z'));
  const config = loadConfig(['--data', dataDir, '--store', 'clickhouse', '--clickhouse-url', 'http://clickhouse.invalid:8123', '--trust-proxy', '127.0.0.1'], {});
  try {
    const first = await startInkling(config, { log: silentLogger, clock, listen: false, clickhouse: await openChdbWithEvents(chDir) });
    await first.admin['site.add']!({ domain: 'example.com', timezone: 'UTC' });
    await first.app.inject(hit('/one'));
    await first.app.inject(hit('/pricing'));
    await first.writer.flush();
    const [inDuckDb] = await first.db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
    assert.equal(inDuckDb?.n, 0n, 'no event is stored in DuckDB');
    await first.close();

    clock.advance(10 * 60_000);
    const second = await startInkling(config, { log: silentLogger, clock, listen: false, clickhouse: openChdb(chDir) });
    try {
      await second.app.inject(hit('/two'));
      await second.writer.flush();
      const result = await runQuery({ db: second.db, events: second.events, now: () => clock.now() }, parseQuery({
        site_id: 'example.com', date_range: 'day', metrics: ['visitors', 'visits', 'pageviews', 'bounce_rate'], dimensions: ['visit:entry_page'],
      }));
      assert.deepEqual(result.results, [{ dimensions: ['/one'], metrics: [1, 1, 3, 0] }], 'one visit across the restart, entered on /one');
    } finally {
      await second.close();
    }
  } finally {
    removeDir(dataDir);
  }
});

test('--store clickhouse: retention and site removal delete the site\'s events in ClickHouse', async () => {
  const dataDir = tmpDir('inkling-clickhouse-delete-');
  // retention.set measures age from the real time: the old hit is 40 days ago, the new one now.
  const clock = testClock(Date.now() - 40 * 86_400_000);
  const config = loadConfig(['--data', dataDir, '--store', 'clickhouse', '--clickhouse-url', 'http://clickhouse.invalid:8123', '--trust-proxy', '127.0.0.1'], {});
  const ch = await openChdbWithEvents(path.join(dataDir, 'chdb'));
  const inkling = await startInkling(config, { log: silentLogger, clock, listen: false, clickhouse: ch });
  const count = async (site: string) => Number((await ch.query<{ n: string }>('SELECT count() AS n FROM events WHERE site = {site:String}', { site }))[0]?.n);
  try {
    for (const domain of ['example.com', 'other.org']) await inkling.admin['site.add']!({ domain, timezone: 'UTC' });
    const send = async (site: string, page: string) => inkling.app.inject({ ...hit(page), url: `/pixel.gif?d=${site}&path=${page}` });
    await send('example.com', '/old');
    await send('other.org', '/old');
    await inkling.writer.flush();
    clock.advance(40 * 86_400_000);
    await send('example.com', '/new');
    await inkling.writer.flush();
    assert.deepEqual([await count('example.com'), await count('other.org')], [2, 1]);

    // 30 days for example.com only: its 40-day-old event goes, other.org keeps everything.
    assert.deepEqual(await inkling.admin['retention.set']!({ domain: 'example.com', days: 30 }), { domain: 'example.com', days: 30, deleted: 1 });
    assert.deepEqual([await count('example.com'), await count('other.org')], [1, 1]);

    assert.deepEqual(await inkling.admin['site.remove']!({ domain: 'example.com' }), { domain: 'example.com', events: 1 });
    assert.deepEqual([await count('example.com'), await count('other.org')], [0, 1]);
  } finally {
    await inkling.close();
    removeDir(dataDir);
  }
});
