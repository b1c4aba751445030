// TOTP on PostgreSQL app data (security review, issue 16): the used step is claimed once across
// nodes, and secrets stored in plaintext are sealed at start, once, by whichever node comes first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgresDb } from '../../src/store/postgres.ts';
import { claimTotpStep, findUserById, insertUser, setTotpSecret } from '../../src/store/users.ts';
import { sealStoredTotpSecrets, useTotpCode } from '../../src/auth/two-factor.ts';
import { base32Decode, newTotpSecret, totpCode } from '../../src/auth/totp.ts';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';

const skip = skipWithoutPostgres();
const NOW = Date.parse('2026-06-15T12:00:00Z');
const STEP = Math.floor(NOW / 30_000);
let server: TestPostgres;

before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

test('finding 8: a TOTP step is claimed once, even by two nodes at once', { skip }, async () => {
  const url = await server.createDatabase();
  const [a, b] = await Promise.all([openPostgresDb(url), openPostgresDb(url)]);
  try {
    const user = await insertUser(a, { email: 'pg@x.test', passwordHash: 'x', role: 'viewer', now: NOW });
    await setTotpSecret(a, user.id, 'v1:sealed', STEP - 1);
    assert.equal(await claimTotpStep(a, user.id, STEP - 1), false, 'the enabling step is spent');
    const wins = await Promise.all([claimTotpStep(a, user.id, STEP), claimTotpStep(b, user.id, STEP)]);
    assert.deepEqual(wins.sort(), [false, true]);
    assert.equal(await claimTotpStep(b, user.id, STEP - 1), false, 'an earlier step after a later one');
    assert.equal(await claimTotpStep(b, user.id, STEP + 1), true);
    await setTotpSecret(a, user.id, null, null);
    assert.equal((await findUserById(a, user.id))?.totpSealed, null);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('finding 5: plaintext secrets are sealed at start by two nodes at once, and still verify', { skip }, async () => {
  const url = await server.createDatabase();
  const [a, b] = await Promise.all([openPostgresDb(url), openPostgresDb(url)]);
  const secret = Buffer.alloc(32, 7);
  try {
    const user = await insertUser(a, { email: 'legacy@x.test', passwordHash: 'x', role: 'viewer', now: NOW });
    const plain = newTotpSecret();
    await a.run('UPDATE users SET totp_secret = $1 WHERE id = $2', [plain, user.id]);
    await Promise.all([sealStoredTotpSecrets(a, secret), sealStoredTotpSecrets(b, secret)]);
    const stored = (await findUserById(b, user.id))!;
    assert.match(stored.totpSealed!, /^v1:/);
    assert.ok(!stored.totpSealed!.includes(plain));
    assert.equal(await useTotpCode({ db: b, secret, clock: { now: () => NOW } }, stored, totpCode(base32Decode(plain), NOW)), true);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
