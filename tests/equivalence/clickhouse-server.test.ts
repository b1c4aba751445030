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
      const result = await runQuery({ db: second.db, now: () => clock.now() }, parseQuery({
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
