// `inkling migrate --to clickhouse`'s work on real engines: every DuckDB event arrives in ClickHouse
// exactly (the same stats on both), with progress, and a repeated run stores nothing twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import type { ClickHouseConnection } from '../../src/store/clickhouse.ts';
import { migrateToClickHouse } from '../../src/maintenance/migrate-clickhouse.ts';
import { clickhouseEventQueries, duckdbEventQueries } from '../../src/store/event-queries.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { runQuery } from '../../src/query/runner.ts';
import { migrateCommand } from '../../src/cli/migrate.ts';
import { openChdbWithEvents } from '../helpers/chdb.ts';
import { generateEvents, seedEvents, seedSite } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
let dir = '';
let db: Db;
let ch: ClickHouseConnection;

before(async () => {
  dir = tmpDir('inkling-migrate-');
  db = await openDuckDb(path.join(dir, 'inkling.duckdb'));
  ch = await openChdbWithEvents(path.join(dir, 'chdb'));
  await seedSite(db, 'example.com', 'Europe/Berlin');
  await seedEvents(db, generateEvents({ sites: ['example.com'], start: NOW - 40 * DAY, end: NOW, count: 12_000, seed: 7 }));
});

after(async () => {
  await ch.close();
  await db.close();
  removeDir(dir);
});

test('migrate moves every event with progress; the same stats come out of ClickHouse', async () => {
  const updates: number[] = [];
  const progress = (total: number) => ({ update: (n: number) => void updates.push(n), finish: (n: number) => void updates.push(n, total) });
  const result = await migrateToClickHouse({ db, conn: ch, batchSize: 5_000, progress });
  const [count] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
  assert.equal(result.total, Number(count!.n));
  assert.deepEqual({ inserted: result.inserted, skipped: result.skipped }, { inserted: result.total, skipped: 0 });
  assert.deepEqual(updates.slice(-2), [result.total, result.total], 'progress ends at the total');
  assert.ok(updates.length >= 3, 'progress after each batch');

  const body = {
    site_id: 'example.com', date_range: '30d', metrics: ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration', 'total_revenue', 'scroll_depth', 'time_on_page'],
    dimensions: ['visit:source'], include: { comparisons: { mode: 'previous_period' } },
  };
  const duck = await runQuery({ db, events: duckdbEventQueries(db), now: () => NOW }, parseQuery(body));
  const click = await runQuery({ db, events: clickhouseEventQueries(ch), now: () => NOW }, parseQuery(body));
  assert.ok(duck.results.length > 3);
  assert.deepEqual(click, duck);

  const again = await migrateToClickHouse({ db, conn: ch, batchSize: 7_000, progress });
  assert.deepEqual({ inserted: again.inserted, skipped: again.skipped }, { inserted: 0, skipped: result.total }, 'a repeated run stores nothing twice');
});

test('migrate refuses anything but --to clickhouse and a sane batch', async () => {
  const io = { out: () => undefined, err: () => undefined, env: {} };
  assert.equal(await migrateCommand.run(['--to', 'postgres', '--clickhouse-url', 'http://x:8123'], io), 2);
  assert.equal(await migrateCommand.run(['--to', 'clickhouse', '--batch-rows', '0', '--clickhouse-url', 'http://x:8123'], io), 2);
});
