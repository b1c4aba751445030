// App data on a real PostgreSQL server (--app-db): the migrations apply, and sites, salts, API keys,
// users, sessions, shares, goals, segments and funnels round-trip through the functions the server uses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { openPostgresDb } from '../../src/store/postgres.ts';
import type { Db } from '../../src/store/duckdb.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { listSites, saltPersistence, upsertSite } from '../../src/store/app-data.ts';
import { getSiteSettings, isPublicSite, listSiteSettings, saveSiteRules } from '../../src/store/site-settings.ts';
import { createApiKey, findKey, listApiKeys, revokeApiKey } from '../../src/store/api-keys.ts';
import { countUsers, deleteUser, findUserByEmail, insertUser, listUsers, setUserRole } from '../../src/store/users.ts';
import { deleteOtherSessions, findSession, insertSession, SESSION_TTL_MS } from '../../src/store/login-sessions.ts';
import { findLiveShare, insertShare, listShares, revokeShare } from '../../src/store/shares.ts';
import { createGoal, deleteGoal, listGoals } from '../../src/store/goal-store.ts';
import { createFunnel, createSegment, deleteSiteGoalData, listFunnels, listSegments } from '../../src/store/saved-store.ts';
import { loadSite } from '../../src/query/site.ts';
import { DAY_MS } from '../../src/lib/time.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const skip = skipWithoutPostgres();
const NOW = Date.parse('2026-06-15T12:00:00Z');
let server: TestPostgres;

before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

/** A fresh database for one test, migrated by openPostgresDb. */
async function withDb(body: (db: Db, url: string) => Promise<void>): Promise<void> {
  const url = await server.createDatabase();
  const db = await openPostgresDb(url);
  try {
    await body(db, url);
  } finally {
    await db.close();
  }
}

test('migrations: every one applies once; no events table (events live in ClickHouse)', { skip }, () => withDb(async (db, url) => {
  const versions = (await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
  assert.deepEqual(versions, migrations.map((m) => m.version));
  const tables = (await db.all<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r) => r.name);
  for (const table of ['sites', 'salts', 'api_keys', 'api_key_sites', 'users', 'sessions', 'shares', 'goals', 'funnels', 'segments']) assert.ok(tables.includes(table), table);
  assert.ok(!tables.includes('events'));
  // Two nodes starting at once against the migrated database: both open, nothing is applied twice.
  const [a, b] = await Promise.all([openPostgresDb(url), openPostgresDb(url)]);
  await Promise.all([a.close(), b.close()]);
  const [count] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM schema_migrations');
  assert.equal(count?.n, BigInt(migrations.length), 'BIGINT comes back as bigint, as on DuckDB');
}));

test('migrations: two nodes migrating an empty database at once', { skip }, async () => {
  const url = await server.createDatabase();
  const nodes = await Promise.all([openPostgresDb(url), openPostgresDb(url), openPostgresDb(url)]);
  const [count] = await nodes[0]!.all<{ n: bigint }>('SELECT count(*) AS n FROM schema_migrations');
  await Promise.all(nodes.map((db) => db.close()));
  assert.equal(count?.n, BigInt(migrations.length));
});

test('sites and their settings round-trip; the engine knows the site time zone', { skip }, () => withDb(async (db) => {
  assert.equal(await upsertSite(db, { domain: 'example.com', timezone: 'Europe/Berlin' }), false);
  assert.equal(await upsertSite(db, { domain: 'example.com', timezone: 'America/New_York' }), true);
  await upsertSite(db, { domain: 'blog.example.org', timezone: 'UTC' });
  assert.deepEqual(await listSites(db), [{ domain: 'blog.example.org', timezone: 'UTC' }, { domain: 'example.com', timezone: 'America/New_York' }]);
  await saveSiteRules(db, 'example.com', { allowedHostnames: ['example.com', '*.example.com'], excludedIps: ['10.0.0.0/8'], excludedPaths: ['/admin/**'], isPublic: true });
  const settings = await getSiteSettings(db, 'example.com');
  assert.deepEqual(settings, {
    domain: 'example.com', timezone: 'America/New_York', retentionDays: null, isPublic: true,
    allowedHostnames: ['example.com', '*.example.com'], excludedIps: ['10.0.0.0/8'], excludedPaths: ['/admin/**'],
  });
  assert.equal(await isPublicSite(db, 'example.com'), true);
  assert.equal(await isPublicSite(db, 'blog.example.org'), false);
  assert.equal((await listSiteSettings(db)).length, 2);
  // pg_timezone_names() exists on both engines: the zone is accepted, not replaced by UTC.
  assert.deepEqual(await loadSite(db, 'example.com'), { domain: 'example.com', tz: 'America/New_York', warning: null });
}));

test('salts: saved as bytes, loaded back; the first salt saved for a day is the one every node keeps', { skip }, () => withDb(async (db) => {
  const salts = saltPersistence(db);
  const today = Math.floor(NOW / DAY_MS);
  const first = Buffer.alloc(32, 1);
  assert.deepEqual(await salts.save(today, first), first);
  assert.deepEqual(await salts.save(today, Buffer.alloc(32, 2)), first, 'a second node adopts the stored salt');
  await salts.save(today - 2, Buffer.alloc(32, 3));
  await salts.deleteBefore(today - 1);
  assert.deepEqual(await salts.load(), [{ day: today, salt: first }]);
}));

test('API keys: create, scope to sites, find by secret, list, revoke', { skip }, () => withDb(async (db) => {
  const all = await createApiKey(db, { name: 'all sites' });
  const scoped = await createApiKey(db, { name: 'two sites', access: 'admin', ratePerMinute: 60, sites: ['b.example', 'a.example'] });
  assert.deepEqual(await findKey(db, all.key), { id: all.id, ratePerMinute: 600, access: 'read', sites: null });
  assert.deepEqual(await findKey(db, scoped.key), { id: scoped.id, ratePerMinute: 60, access: 'admin', sites: ['a.example', 'b.example'] });
  assert.deepEqual((await listApiKeys(db)).map((k) => [k.name, k.sites, k.revokedAt]), [['all sites', null, null], ['two sites', ['a.example', 'b.example'], null]]);
  assert.ok(!Number.isNaN(Date.parse(all.createdAt)));
  assert.equal(await revokeApiKey(db, all.id), true);
  assert.equal(await revokeApiKey(db, all.id), false);
  assert.equal(await findKey(db, all.key), null);
}));

test('users and login sessions', { skip }, () => withDb(async (db) => {
  assert.equal(await countUsers(db), 0);
  const owner = await insertUser(db, { email: 'owner@example.com', passwordHash: 'scrypt$x', role: 'owner', now: NOW });
  const viewer = await insertUser(db, { email: 'viewer@example.com', passwordHash: 'scrypt$y', role: 'viewer', now: NOW + 1 });
  await setUserRole(db, viewer.id, 'admin');
  assert.deepEqual((await listUsers(db)).map((u) => [u.email, u.role, u.createdMs]), [['owner@example.com', 'owner', NOW], ['viewer@example.com', 'admin', NOW + 1]]);
  assert.equal((await findUserByEmail(db, 'owner@example.com'))?.passwordHash, 'scrypt$x');

  await insertSession(db, { idHash: 'h1', userId: owner.id, csrfToken: 'c1', now: NOW });
  await insertSession(db, { idHash: 'h2', userId: owner.id, csrfToken: 'c2', now: NOW });
  assert.deepEqual(await findSession(db, 'h1', NOW + 1000), { userId: owner.id, csrfToken: 'c1', expiresMs: NOW + SESSION_TTL_MS });
  await deleteOtherSessions(db, owner.id, 'h1');
  assert.equal(await findSession(db, 'h2', NOW), null);
  assert.equal(await findSession(db, 'h1', NOW + SESSION_TTL_MS), null, 'expired by the injected clock');
  await deleteUser(db, viewer.id);
  assert.equal(await countUsers(db), 1);
}));

test('share links: made, found by token, expire, revoked', { skip }, () => withDb(async (db) => {
  const open = await insertShare(db, { site: 'example.com', label: 'board', passwordHash: null, expiresMs: null, now: NOW });
  const short = await insertShare(db, { site: 'example.com', label: 'one hour', passwordHash: 'scrypt$p', expiresMs: NOW + 3_600_000, now: NOW + 1 });
  assert.equal((await findLiveShare(db, open.token, NOW))?.id, open.share.id);
  assert.equal((await findLiveShare(db, short.token, NOW))?.passwordHash, 'scrypt$p');
  assert.equal(await findLiveShare(db, short.token, NOW + 3_600_000), null);
  assert.equal(await revokeShare(db, 'example.com', open.share.id, NOW + 5), true);
  assert.equal(await findLiveShare(db, open.token, NOW + 6), null);
  assert.deepEqual((await listShares(db, 'example.com')).map((s) => [s.label, s.hasPassword, s.revokedMs]), [['board', false, NOW + 5], ['one hour', true, null]]);
}));

test('goals, saved segments and funnels', { skip }, () => withDb(async (db) => {
  const signup = await createGoal(db, 'example.com', { spec: { kind: 'event', name: 'Signup', event: 'Signup', prop: { key: 'plan', value: 'pro' } }, currency: null });
  const pricing = await createGoal(db, 'example.com', { spec: { kind: 'page', name: 'Pricing', path: '/pricing/**' }, currency: 'EUR' });
  assert.ok(signup && pricing);
  assert.equal(await createGoal(db, 'example.com', { spec: { kind: 'page', name: 'Pricing', path: '/x' }, currency: null }), null, 'names are unique per site');
  assert.deepEqual((await listGoals(db, 'example.com')).map((g) => g.spec.name), ['Signup', 'Pricing']);
  await createSegment(db, 'example.com', { name: 'Germany', filters: [['is', 'visit:country', ['DE']]] });
  await createFunnel(db, 'example.com', { name: 'Buy', steps: [pricing.id, signup.id], windowSeconds: 3600 });
  assert.deepEqual((await listSegments(db, 'example.com')).map((s) => [s.name, s.filters]), [['Germany', [['is', 'visit:country', ['DE']]]]]);
  assert.deepEqual((await listFunnels(db, 'example.com')).map((f) => [f.name, f.steps, f.windowSeconds]), [['Buy', [pricing.id, signup.id], 3600]]);
  assert.equal(await deleteGoal(db, 'example.com', signup.id), true);
  await deleteSiteGoalData(db, 'example.com');
  assert.deepEqual([await listGoals(db, 'example.com'), await listSegments(db, 'example.com'), await listFunnels(db, 'example.com')], [[], [], []]);
}));

test('the CLI with no server running works on PostgreSQL (sites, users, retention; removing a site needs a node), not on a DuckDB file', { skip }, async () => {
  const url = await server.createDatabase();
  const dataDir = tmpDir();
  try {
    const op = (name: string, args: Record<string, unknown> = {}) => runAdminOp(dataDir, name, args, url);
    await op('site.add', { domain: 'example.com', timezone: 'UTC' });
    await op('user.add', { email: 'owner@example.com', role: 'owner', password: 'correct horse battery staple' });
    // Saved; the nodes, which reach ClickHouse, apply it.
    assert.deepEqual(await op('retention.set', { domain: 'example.com', days: 30 }), { domain: 'example.com', days: 30, deleted: null });
    assert.deepEqual(await op('site.list'), [{ domain: 'example.com', timezone: 'UTC' }]);
    // Removing a site removes its events, which only a node can reach: refused, and nothing removed.
    await assert.rejects(op('site.remove', { domain: 'example.com' }), /events are in ClickHouse.*nothing was removed/);
    assert.deepEqual(await op('site.list'), [{ domain: 'example.com', timezone: 'UTC' }]);
    const db = await openPostgresDb(url);
    assert.equal(await countUsers(db), 1);
    await db.close();
    assert.deepEqual(fs.readdirSync(dataDir), [], 'no DuckDB file was made');
  } finally {
    removeDir(dataDir);
  }
});
