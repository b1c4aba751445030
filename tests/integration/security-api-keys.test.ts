// Finding 6: API keys record their maker and stop working when the maker is removed or loses the
// role that allowed them (over HTTP and from `inkling user`); a key never deletes a site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, type Session } from '../helpers/auth.ts';
import { runCommand } from '../helpers/cli.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { makeUserCommand } from '../../src/cli/user.ts';
import { DB_FILE } from '../../src/store/app-db.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { createApiKey, findKey, hashKey, listApiKeys } from '../../src/store/api-keys.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { migrations, statementFor } from '../../src/store/migrations/index.ts';
import { findUserByEmail } from '../../src/store/users.ts';

const SITE = 'example.com';

async function staffApp(): Promise<{ t: TestApp; owner: Session; admin: Session; adminId: string }> {
  const t = await makeApp({ sites: [SITE, 'other.example'] });
  await addUser(t, 'owner@x.test', 'owner');
  await addUser(t, 'admin@x.test', 'admin');
  const adminId = (await findUserByEmail(t.db, 'admin@x.test'))!.id;
  return { t, owner: await login(t, 'owner@x.test'), admin: await login(t, 'admin@x.test'), adminId };
}

async function makeKey(t: TestApp, session: Session, access: 'read' | 'admin' = 'admin'): Promise<{ id: string; key: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/keys', headers: session.headers, payload: { name: `k-${access}`, access } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; key: string };
}

const readStats = (t: TestApp, key: string) => t.app.inject({
  method: 'POST', url: '/api/v2/query', headers: { authorization: `Bearer ${key}` }, payload: { site_id: SITE, date_range: '7d', metrics: ['visitors'] },
});

test('finding 6: a key made over HTTP records its maker, shown in the list', async () => {
  const { t, admin, adminId } = await staffApp();
  try {
    const made = await makeKey(t, admin);
    const listed = (await t.app.inject({ url: '/api/keys', headers: admin.headers })).json() as Array<{ id: string; createdBy: string | null; creator: string }>;
    assert.deepEqual(listed.filter((k) => k.id === made.id).map((k) => [k.createdBy, k.creator]), [[adminId, 'admin@x.test']]);
  } finally {
    await t.close();
  }
});

test('finding 6: deleting a user over HTTP revokes the keys they made, and only those', async () => {
  const { t, owner, admin, adminId } = await staffApp();
  try {
    const adminKey = await makeKey(t, admin);
    const ownerKey = await makeKey(t, owner, 'read');
    assert.equal((await readStats(t, adminKey.key)).statusCode, 200);
    const res = await t.app.inject({ method: 'DELETE', url: `/api/users/${adminId}`, headers: owner.headers });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { id: adminId, revokedKeys: 1 });
    assert.equal((await readStats(t, adminKey.key)).statusCode, 401, 'the deleted admin\'s key no longer works');
    assert.equal((await readStats(t, ownerKey.key)).statusCode, 200, 'other makers\' keys are untouched');
    const listed = await listApiKeys(t.db);
    assert.ok(listed.find((k) => k.id === adminKey.id)!.revokedAt, 'listed as revoked');
  } finally {
    await t.close();
  }
});

test('finding 6: demoting an admin to viewer revokes their keys; owner to admin keeps them', async () => {
  const { t, owner, admin, adminId } = await staffApp();
  try {
    const adminKey = await makeKey(t, admin);
    await addUser(t, 'second@x.test', 'owner');
    const second = await login(t, 'second@x.test');
    const secondKey = await makeKey(t, second);
    const secondId = (await findUserByEmail(t.db, 'second@x.test'))!.id;
    const patch = (id: string, role: string) => t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: owner.headers, payload: { role } });
    assert.equal((await patch(secondId, 'admin')).statusCode, 200);
    assert.equal((await readStats(t, secondKey.key)).statusCode, 200, 'an admin may still make keys');
    assert.equal((await patch(adminId, 'viewer')).statusCode, 200);
    assert.equal((await readStats(t, adminKey.key)).statusCode, 401);
    // Promoted again: the revoked key stays revoked.
    assert.equal((await patch(adminId, 'admin')).statusCode, 200);
    assert.equal((await readStats(t, adminKey.key)).statusCode, 401);
  } finally {
    await t.close();
  }
});

test('finding 6: a key stops working when its maker loses the role behind the server\'s back', async () => {
  const { t, admin, adminId } = await staffApp();
  try {
    const made = await makeKey(t, admin);
    // Another node, or a hand edit: the role changes without the revocation step.
    await t.db.run(`UPDATE users SET role = 'viewer' WHERE id = $1`, [adminId]);
    assert.equal(await findKey(t.db, made.key), null);
    await t.db.run(`UPDATE users SET role = 'admin' WHERE id = $1`, [adminId]);
    assert.notEqual(await findKey(t.db, made.key), null);
    await t.db.run('DELETE FROM users WHERE id = $1', [adminId]);
    assert.equal(await findKey(t.db, made.key), null);
  } finally {
    await t.close();
  }
});

test('finding 6: keys from before creators were recorded keep working, listed as "unknown creator"', async () => {
  const dir = tmpDir();
  const file = path.join(dir, DB_FILE);
  try {
    // A store at the schema before migration 7, holding a key made then.
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    await conn.run('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())');
    for (const migration of migrations.filter((m) => m.version < 7)) {
      for (const statement of migration.statements) {
        const sql = statementFor(statement, 'duckdb');
        if (sql !== null) await conn.run(sql);
      }
      await conn.run(`INSERT INTO schema_migrations (version) VALUES (${migration.version})`);
    }
    await conn.run(`INSERT INTO api_keys (id, name, key_hash, key_prefix, access, all_sites) VALUES ('k_old', 'old', '${hashKey('ink_old_secret')}', 'ink_old', 'admin', true)`);
    conn.closeSync();
    instance.closeSync();

    const db = await openDuckDb(file);
    try {
      const [old] = await listApiKeys(db, 'k_old');
      assert.deepEqual([old!.createdBy, old!.creator, old!.revokedAt], [null, 'unknown creator', null]);
      assert.equal((await findKey(db, 'ink_old_secret'))?.id, 'k_old', 'a key with no known maker still works');
    } finally {
      await db.close();
    }
  } finally {
    removeDir(dir);
  }
});

test('finding 6: `inkling user role|remove` revoke the keys the user made; CLI keys show "command line"', async () => {
  const dir = tmpDir();
  const run = (args: string[]) => runCommand(makeUserCommand(async () => 'unused password here'), [...args, '--data', dir]);
  try {
    assert.equal((await run(['add', 'boss@x.test', '--role', 'owner'])).code, 0);
    assert.equal((await run(['add', 'a1@x.test', '--role', 'admin'])).code, 0);
    assert.equal((await run(['add', 'a2@x.test', '--role', 'admin'])).code, 0);
    const cliKey = (await runAdminOp(dir, 'apikey.create', { name: 'ops' })) as { id: string };
    const db = await openDuckDb(path.join(dir, DB_FILE));
    const keys: Record<string, string> = {};
    try {
      for (const email of ['a1@x.test', 'a2@x.test']) keys[email] = (await createApiKey(db, { name: email, access: 'admin', createdBy: (await findUserByEmail(db, email))!.id })).key;
      assert.equal((await listApiKeys(db, cliKey.id))[0]!.creator, 'command line');
    } finally {
      await db.close();
    }
    const demoted = await run(['role', 'a1@x.test', 'viewer']);
    assert.equal(demoted.code, 0, demoted.err);
    assert.equal(demoted.out, 'a1@x.test is now viewer; revoked the 1 API key they made');
    const removed = await run(['remove', 'a2@x.test']);
    assert.equal(removed.code, 0, removed.err);
    assert.equal(removed.out, 'Removed a2@x.test; revoked the 1 API key they made');
    assert.equal((await run(['remove', 'boss@x.test'])).code, 1, 'never the last owner');
    assert.equal((await run(['role', 'boss@x.test', 'admin'])).code, 1, 'never the last owner');
    assert.equal((await run(['remove', 'nobody@x.test'])).code, 1);
    const after = await openDuckDb(path.join(dir, DB_FILE));
    try {
      assert.equal(await findKey(after, keys['a1@x.test']!), null);
      assert.equal(await findKey(after, keys['a2@x.test']!), null);
      assert.equal((await listApiKeys(after, cliKey.id))[0]!.revokedAt, null, 'the command line\'s key stays');
    } finally {
      await after.close();
    }
  } finally {
    removeDir(dir);
  }
});

test('finding 6: an API key, even an admin one for every site, cannot delete a site; a session can', async () => {
  const { t, admin } = await staffApp();
  try {
    const { key } = await createApiKey(t.db, { name: 'all', access: 'admin', sites: null });
    const byKey = await t.app.inject({ method: 'DELETE', url: `/api/sites/${SITE}`, headers: { authorization: `Bearer ${key}` }, payload: { confirm: SITE } });
    assert.equal(byKey.statusCode, 403);
    assert.equal(byKey.json().error.code, 'forbidden');
    const settings = await t.app.inject({ method: 'PATCH', url: `/api/sites/${SITE}/settings`, headers: { authorization: `Bearer ${key}` }, payload: { public: false } });
    assert.equal(settings.statusCode, 200, 'admin keys still change settings');
    const bySession = await t.app.inject({ method: 'DELETE', url: `/api/sites/${SITE}`, headers: admin.headers, payload: { confirm: SITE } });
    assert.equal(bySession.statusCode, 200, bySession.body);
  } finally {
    await t.close();
  }
});
