// Finding 6 on PostgreSQL app data: the creator column, and revocation when the maker is demoted
// or deleted, use SQL both engines run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgresDb } from '../../src/store/postgres.ts';
import { CLI_CREATOR, createApiKey, findKey, listApiKeys } from '../../src/store/api-keys.ts';
import { deleteUser, insertUser, setUserRole } from '../../src/store/users.ts';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';

const skip = skipWithoutPostgres();
let server: TestPostgres;

before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

test('finding 6: on PostgreSQL, keys record their maker and are revoked when the maker is demoted or deleted', { skip }, async () => {
  const db = await openPostgresDb(await server.createDatabase());
  try {
    const a = await insertUser(db, { email: 'a@example.com', passwordHash: 'x', role: 'admin', now: 1 });
    const b = await insertUser(db, { email: 'b@example.com', passwordHash: 'x', role: 'admin', now: 2 });
    const keyA = await createApiKey(db, { name: 'a', access: 'admin', createdBy: a.id });
    const keyB = await createApiKey(db, { name: 'b', createdBy: b.id });
    const cli = await createApiKey(db, { name: 'cli', createdBy: CLI_CREATOR });
    const unknown = await createApiKey(db, { name: 'old' });
    assert.deepEqual((await listApiKeys(db)).map((k) => [k.name, k.creator]), [['a', 'a@example.com'], ['b', 'b@example.com'], ['cli', 'command line'], ['old', 'unknown creator']]);
    assert.equal(await setUserRole(db, a.id, 'owner'), 0);
    assert.equal(await setUserRole(db, a.id, 'viewer'), 1);
    assert.equal(await findKey(db, keyA.key), null);
    assert.equal(await deleteUser(db, b.id), 1);
    assert.equal(await findKey(db, keyB.key), null);
    assert.equal((await findKey(db, cli.key))?.id, cli.id);
    assert.equal((await findKey(db, unknown.key))?.id, unknown.id);
    assert.deepEqual((await listApiKeys(db)).map((k) => [k.name, k.revokedAt !== null]), [['a', true], ['b', true], ['cli', false], ['old', false]]);
  } finally {
    await db.close();
  }
});
