// The ClickHouse pieces on a real engine (chdb): the printed DDL parses (cluster) and creates a
// table (one server); the sink's batches, ids and replay checks; events queried back exactly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { clickhouseCommand } from '../../src/cli/clickhouse.ts';
import { eventsDdl } from '../../src/store/clickhouse-ddl.ts';
import { clickHouseSink, NODE_ID_BITS } from '../../src/store/clickhouse-sink.ts';
import type { ClickHouseConnection } from '../../src/store/clickhouse.ts';
import { clickhouseEventQueries } from '../../src/store/event-queries.ts';
import { firstEventMs } from '../../src/query/site.ts';
import { openChdbWithEvents } from '../helpers/chdb.ts';
import { makeEvent } from '../helpers/seed.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

let dir = '';
let ch: ClickHouseConnection;

before(async () => {
  dir = tmpDir('inkling-clickhouse-store-');
  ch = await openChdbWithEvents(path.join(dir, 'chdb'));
});

after(async () => {
  await ch.close();
  removeDir(dir);
});

async function printed(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await clickhouseCommand.run(argv, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`), env: {} });
  return { code, out, err };
}

test('clickhouse ddl --cluster c1 prints statements ClickHouse parses: Distributed over ReplicatedMergeTree', async () => {
  const { code, out } = await printed(['ddl', '--cluster', 'c1', '--retention-days', '400']);
  assert.equal(code, 0);
  const statements = out.split(/;\n/).map((s) => s.trim()).filter(Boolean);
  assert.equal(statements.length, 3);
  for (const statement of statements) {
    // formatQuery parses without running (there is no cluster here) and throws on invalid SQL.
    const [row] = await ch.query<{ f: string }>('SELECT formatQuery({q:String}) AS f', { q: statement });
    assert.ok(row?.f.includes('ON CLUSTER c1'), row?.f);
  }
  assert.match(statements[1]!, /ReplicatedMergeTree\('\/clickhouse\/tables\/\{shard\}\/inkling\/events_local', '\{replica\}'\)/);
  assert.match(statements[1]!, /ORDER BY \(site, toDate\(ts\), visitor_id, ts\)/);
  assert.match(statements[1]!, /TTL toDateTime\(ts\) \+ INTERVAL 400 DAY DELETE/);
  assert.match(statements[2]!, /ENGINE = Distributed\(c1, inkling, events_local, cityHash64\(session_id\)\)/);
});

test('clickhouse ddl refuses names that are not identifiers and unknown subcommands', async () => {
  assert.equal((await printed(['ddl', '--cluster', 'c1; DROP TABLE x'])).code, 2);
  assert.equal((await printed(['ddl', '--retention-days', '0'])).code, 2);
  assert.equal((await printed(['apply'])).code, 2);
});

test('the one-server DDL with a TTL creates a MergeTree table with LowCardinality strings', async () => {
  // chdb allows one data directory per process: another database of the same session.
  for (const s of eventsDdl({ cluster: null, database: 'ttl_db', retentionDays: 30 })) await ch.command(s);
  const [table] = await ch.query<{ engine: string; sorting_key: string; create: string }>(
    "SELECT engine, sorting_key, create_table_query AS create FROM system.tables WHERE database = 'ttl_db' AND name = 'events'",
  );
  assert.equal(table?.engine, 'MergeTree');
  assert.equal(table?.sorting_key, 'site, toDate(ts), visitor_id, ts');
  assert.match(table!.create, /TTL toDateTime\(ts\) \+ toIntervalDay\(30\)/);
  assert.match(table!.create, /`site` LowCardinality\(String\)/);
});

test('the sink stores batches exactly, numbers ids in its node range and answers replay checks', async () => {
  await ch.command('TRUNCATE TABLE events');
  const sink = clickHouseSink(ch, 7);
  const base = 7n << NODE_ID_BITS;
  assert.equal(await sink.maxId(), base, 'an empty range starts at the node base');
  const ts = Date.parse('2026-03-29T00:59:59.999Z');
  const events = [
    makeEvent({ id: base + 1n, ts, site: 'a.test', name: 'pageview', visitorId: 2n ** 63n + 5n, sessionId: 9n, pathname: "/o'neil", props: { plan: 'pro', 'k"': 'ü' }, screenWidth: 390, screenHeight: 844 }),
    makeEvent({ id: base + 2n, ts: ts + 1, site: 'a.test', name: 'Purchase', visitorId: 1n, sessionId: 9n, revenue: 19.99 }),
  ];
  await sink.append(events);
  await clickHouseSink(ch, 8).append([makeEvent({ id: (8n << NODE_ID_BITS) + 1n, ts, site: 'a.test', name: 'pageview', visitorId: 3n, sessionId: 10n })]);
  assert.equal(await sink.maxId(), base + 2n, 'another node\'s ids do not move this node\'s');
  assert.deepEqual(await sink.idsBetween(base, base + 10n), new Set([base + 1n, base + 2n]));
  const rows = await ch.query('SELECT id, ts, visitor_id, pathname, props, revenue, screen_width FROM events WHERE id <= {max:UInt64} ORDER BY id', { max: String(base + 2n) });
  assert.deepEqual(rows, [
    { id: String(base + 1n), ts: '2026-03-29 00:59:59.999', visitor_id: String(2n ** 63n + 5n), pathname: "/o'neil", props: { plan: 'pro', 'k"': 'ü' }, revenue: null, screen_width: 390 },
    { id: String(base + 2n), ts: '2026-03-29 01:00:00.000', visitor_id: '1', pathname: null, props: {}, revenue: 19.99, screen_width: null },
  ]);
  const queries = clickhouseEventQueries(ch);
  assert.equal(await firstEventMs(queries, 'a.test'), ts);
  assert.equal(await firstEventMs(queries, 'none.test'), null);
});
