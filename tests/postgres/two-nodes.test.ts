// Two Inkling nodes sharing one PostgreSQL (app data, --app-db) and one ClickHouse events store:
// a visitor gets one visitor_id whichever node a hit reaches (shared salts), a site added on one
// node is collected on the other, and a share link or a login made on one works on the other.
//
// Both nodes run in this one test process, each a startInkling with its own data directory, as
// two processes would. They must: the events engine here is the in-process chdb, whose store one
// OS process owns (two processes cannot open it); in a deployment every node gets the same
// --clickhouse-url instead, and the nodes share nothing else in memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startInkling, type Inkling } from '../../src/server.ts';
import { SECRET_FILE } from '../../src/auth/secret.ts';
import type { ClickHouseConnection } from '../../src/store/clickhouse.ts';
import { openChdbWithEvents } from '../helpers/chdb.ts';
import { testClock } from '../helpers/app.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';

const skip = skipWithoutPostgres();
const SITE = 'example.com';
const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple' };
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const SAME_ORIGIN = { host: 'localhost', origin: 'http://localhost' };

let postgres: TestPostgres;
before(async () => {
  if (!skip) postgres = await startPostgres();
});
after(async () => {
  await postgres?.stop();
});

const pixel = (page: string, ip: string) => ({
  url: `/pixel.gif?d=${SITE}&path=${page}`, headers: { 'user-agent': UA, 'x-forwarded-for': ip }, remoteAddress: '127.0.0.1',
});

/** Each node closes "its" connection; the one shared engine is closed once, by the test. */
function shared(conn: ClickHouseConnection): ClickHouseConnection {
  return { ...conn, close: async () => undefined };
}

async function waitFor(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('two nodes, one PostgreSQL and one events store: shared salts, sites, logins and share links', { skip }, async () => {
  const dir = tmpDir('inkling-two-nodes-');
  const clock = testClock(Date.parse('2026-06-15T10:00:00Z'));
  const appDb = await postgres.createDatabase();
  const events = await openChdbWithEvents(path.join(dir, 'chdb'));
  const configFor = (node: string) => loadConfig([
    '--data', path.join(dir, node), '--trust-proxy', '127.0.0.1',
    '--store', 'clickhouse', '--clickhouse-url', 'http://clickhouse.invalid:8123', '--app-db', appDb,
  ], {});
  const start = (node: string) => startInkling(configFor(node), { log: silentLogger, clock, listen: false, clickhouse: shared(events) });
  const nodes: Inkling[] = [];
  try {
    const a = await start('a');
    nodes.push(a);
    // The deployment step the README names: every node gets the same secret file (it keys login
    // sessions and share-password grants, and is kept out of the database on purpose).
    fs.mkdirSync(path.join(dir, 'b'));
    fs.copyFileSync(path.join(dir, 'a', SECRET_FILE), path.join(dir, 'b', SECRET_FILE));
    const b = await start('b');
    nodes.push(b);

    // A site and a user added on node A, while B runs: B's collect endpoints pick the site up.
    await a.admin['site.add']!({ domain: SITE, timezone: 'UTC' });
    await a.admin['user.add']!({ email: OWNER.email, role: 'owner', password: OWNER.password });
    await waitFor('node B to reload its sites', () => b.sites.get(SITE) !== undefined);

    // One visitor whose hits alternate between the nodes, and another visitor on B.
    const visitor = '198.51.100.23';
    for (const [node, page] of [[a, '/one'], [b, '/two'], [a, '/three'], [b, '/four']] as const) {
      const res = await node.app.inject(pixel(page, visitor));
      assert.equal(res.headers['x-inkling-dropped'], undefined, `${page} accepted`);
      clock.advance(60_000);
    }
    await b.app.inject(pixel('/other', '203.0.113.9'));
    await Promise.all([a.writer.flush(), b.writer.flush()]);
    const rows = await events.query<{ pathname: string; visitor_id: string }>('SELECT pathname, toString(visitor_id) AS visitor_id FROM events ORDER BY ts');
    assert.deepEqual(rows.map((r) => r.pathname), ['/one', '/two', '/three', '/four', '/other']);
    assert.equal(new Set(rows.slice(0, 4).map((r) => r.visitor_id)).size, 1, 'one visitor_id from both nodes');
    assert.notEqual(rows[4]!.visitor_id, rows[0]!.visitor_id);

    // Signed in on A: the session (in PostgreSQL, keyed by the shared secret) works on B.
    const login = await a.app.inject({ method: 'POST', url: '/api/auth/login', headers: SAME_ORIGIN, payload: OWNER });
    assert.equal(login.statusCode, 200, login.body);
    const cookie = String([login.headers['set-cookie']].flat().find((c) => String(c).startsWith('inkling_session='))).split(';')[0]!;
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    assert.equal((await b.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode, 200);

    // Share links made on A: B serves them, with and without a password; revoked on B, dead on A.
    const make = async (payload: Record<string, string>) => {
      const res = await a.app.inject({ method: 'POST', url: `/api/sites/${SITE}/shares`, headers: { ...SAME_ORIGIN, cookie, 'x-csrf-token': csrf }, payload });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; token: string };
    };
    const open = await make({ label: 'open' });
    const locked = await make({ label: 'locked', password: 'another long passphrase' });
    const query = (node: Inkling, headers: Record<string, string>) => node.app.inject({
      method: 'POST', url: '/api/v2/query', headers,
      payload: { site_id: SITE, date_range: 'day', metrics: ['visitors', 'pageviews'] },
    });
    const viaOpen = await query(b, { authorization: `Share ${open.token}` });
    assert.equal(viaOpen.statusCode, 200, viaOpen.body);
    assert.deepEqual((viaOpen.json() as { results: unknown }).results, [{ dimensions: [], metrics: [2, 5] }]);
    assert.equal((await query(b, { authorization: `Share ${locked.token}` })).statusCode, 401, 'the password is still needed');
    const unlock = await a.app.inject({ method: 'POST', url: '/api/share/unlock', payload: { token: locked.token, password: 'another long passphrase' } });
    const grant = (unlock.json() as { grant: string }).grant;
    assert.equal((await query(b, { authorization: `Share ${locked.token}`, 'x-share-grant': grant })).statusCode, 200);

    const revoke = await b.app.inject({ method: 'DELETE', url: `/api/sites/${SITE}/shares/${open.id}`, headers: { ...SAME_ORIGIN, cookie, 'x-csrf-token': csrf } });
    assert.equal(revoke.statusCode, 200, revoke.body);
    assert.equal((await query(a, { authorization: `Share ${open.token}` })).statusCode, 401);
  } finally {
    for (const node of nodes) await node.close();
    await events.close();
    removeDir(dir);
  }
});
