// Two `inkling serve` processes, as deployed: one PostgreSQL for app data and one ClickHouse for
// events, reached over HTTP through @clickhouse/client (a ClickHouse HTTP endpoint backed by the
// in-process chdb engine, tests/helpers/clickhouse-http-shim.ts). Hits of one visitor alternate
// between the processes and get one visitor_id; a share link made on one works on the other.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runAdminOp } from '../helpers/admin.ts';
import { SECRET_FILE } from '../../src/auth/secret.ts';
import { startClickHouseShim, type ClickHouseShim } from '../helpers/clickhouse-http-shim.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';

const skip = skipWithoutPostgres();
const SITE = 'example.com';
const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple' };
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';

let postgres: TestPostgres;
before(async () => {
  if (!skip) postgres = await startPostgres();
});
after(async () => {
  await postgres?.stop();
});

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('two inkling processes over HTTP ClickHouse and PostgreSQL: one visitor id, shared share links', { skip, timeout: 120_000 }, async () => {
  const dir = tmpDir('inkling-two-processes-');
  const appDb = await postgres.createDatabase();
  const clickhouse: ClickHouseShim = await startClickHouseShim(path.join(dir, 'chdb'));
  const nodes: RunningServer[] = [];
  const args = ['--store', 'clickhouse', '--clickhouse-url', clickhouse.url, '--app-db', appDb, '--trust-proxy', '127.0.0.1', '--rate-limit', 'off'];
  try {
    await runAdminOp(path.join(dir, 'a'), 'site.add', { domain: SITE, timezone: 'UTC' }, appDb);
    await runAdminOp(path.join(dir, 'a'), 'user.add', { ...OWNER, role: 'owner' }, appDb);
    const a = await startServer({ dataDir: path.join(dir, 'a'), args });
    nodes.push(a);
    // Every node gets the same secret file (README, Scaling out): it keys sessions and share grants.
    fs.mkdirSync(path.join(dir, 'b'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'a', SECRET_FILE), path.join(dir, 'b', SECRET_FILE));
    const b = await startServer({ dataDir: path.join(dir, 'b'), args });
    nodes.push(b);

    const pixel = (node: RunningServer, page: string, ip: string) =>
      fetch(`${node.url}/pixel.gif?d=${SITE}&path=${page}`, { headers: { 'user-agent': UA, 'x-forwarded-for': ip } });
    for (const [node, page] of [[a, '/one'], [b, '/two'], [a, '/three'], [b, '/four']] as const) {
      const res = await pixel(node, page, '198.51.100.23');
      assert.equal(res.headers.get('x-inkling-dropped'), null, `${page} accepted`);
    }
    await pixel(b, '/other', '203.0.113.9');
    const rows = await eventually(
      'both processes to store their hits',
      () => clickhouse.query<{ pathname: string; visitor_id: string }>('SELECT pathname, toString(visitor_id) AS visitor_id FROM inkling.events ORDER BY ts, id'),
      (r) => r.length === 5,
    );
    const visitor = rows.filter((r) => r.pathname !== '/other').map((r) => r.visitor_id);
    assert.equal(new Set(visitor).size, 1, 'one visitor_id from both processes');
    assert.notEqual(rows.find((r) => r.pathname === '/other')!.visitor_id, visitor[0]);

    // A share link made on A (signed in there) reads the stats on B.
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const share = await fetch(`${a.url}/api/sites/${SITE}/shares`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ label: 'board' }),
    });
    assert.equal(share.status, 201);
    const { token } = (await share.json()) as { token: string };
    const stats = await fetch(`${b.url}/api/v2/query`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Share ${token}` },
      body: JSON.stringify({ site_id: SITE, date_range: 'day', metrics: ['visitors', 'pageviews'] }),
    });
    assert.equal(stats.status, 200);
    assert.deepEqual(((await stats.json()) as { results: unknown }).results, [{ dimensions: [], metrics: [2, 5] }]);
  } finally {
    for (const node of nodes) await node.close();
    await clickhouse.close();
    removeDir(dir);
  }
});
