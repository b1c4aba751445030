// Two-factor authentication hardening (security review, issue 16): a code is good once, even
// across a restart; turning it on or replacing it takes the password and ends the other sessions;
// turning it off is throttled like a login; and the secret is stored encrypted, never as base32.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, testClock, type TestApp } from '../helpers/app.ts';
import { addUser, login, PASSWORD, type Session } from '../helpers/auth.ts';
import { base32Decode, newTotpSecret, totpCode } from '../../src/auth/totp.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const ORIGIN = { host: 'localhost', origin: 'http://localhost' };
const STEP = 30_000;
let t: TestApp;

before(async () => {
  t = await makeApp();
});
after(() => t.close());

const post = (app: TestApp, url: string, payload: object, headers: Record<string, string> = ORIGIN, remoteAddress = '127.0.0.1') =>
  app.app.inject({ method: 'POST', url, headers, payload, remoteAddress });
const codeOf = (app: TestApp, secret: string) => totpCode(base32Decode(secret), app.clock.now());
const storedSecret = async (app: TestApp, email: string) =>
  (await app.db.all<{ totp_secret: string | null }>('SELECT totp_secret FROM users WHERE email = $1', [email]))[0]!.totp_secret;

/** Signs `email` in and turns 2FA on; the clock then stands on the next step (the enabling one is spent). */
async function withTotp(app: TestApp, email: string): Promise<{ session: Session; secret: string }> {
  await addUser(app, email, 'viewer');
  const session = await login(app, email);
  const secret = ((await post(app, '/api/auth/totp/setup', {}, session.headers)).json() as { secret: string }).secret;
  const res = await post(app, '/api/auth/totp/enable', { secret, code: codeOf(app, secret), password: PASSWORD }, session.headers);
  assert.equal(res.statusCode, 200, res.body);
  app.clock.advance(STEP);
  return { session, secret };
}

test('finding 8: a TOTP code signs in once; the same code again, or twice at once, is refused', async () => {
  const { secret } = await withTotp(t, 'replay@x.test');
  const code = codeOf(t, secret);
  await login(t, 'replay@x.test', PASSWORD, { totp: code });
  const again = await post(t, '/api/auth/login', { email: 'replay@x.test', password: PASSWORD, totp: code });
  assert.equal(again.statusCode, 401, 'replayed within its window');
  t.clock.advance(STEP);
  const racing = codeOf(t, secret);
  const both = await Promise.all([0, 1].map(() => post(t, '/api/auth/login', { email: 'replay@x.test', password: PASSWORD, totp: racing })));
  assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 401], 'one code, two logins at once: one wins');
  t.clock.advance(STEP);
  await login(t, 'replay@x.test', PASSWORD, { totp: codeOf(t, secret) });
});

test('finding 8: the used step is in the database: a replay after a restart is refused', async () => {
  const dataDir = tmpDir();
  const clock = testClock();
  try {
    const first = await makeApp({ dataDir, clock, keepDir: true });
    const { secret } = await withTotp(first, 'restart@x.test');
    const code = codeOf(first, secret);
    await login(first, 'restart@x.test', PASSWORD, { totp: code });
    await first.close();
    const second = await makeApp({ dataDir, clock, keepDir: true });
    try {
      assert.equal((await post(second, '/api/auth/login', { email: 'restart@x.test', password: PASSWORD, totp: code })).statusCode, 401);
      clock.advance(STEP);
      await login(second, 'restart@x.test', PASSWORD, { totp: codeOf(second, secret) });
    } finally {
      await second.close();
    }
  } finally {
    removeDir(dataDir);
  }
});

test('finding 8: turning 2FA on or replacing it needs the password, and signs out the other sessions', async () => {
  await addUser(t, 'enable@x.test', 'viewer');
  const here = await login(t, 'enable@x.test');
  const elsewhere = await login(t, 'enable@x.test');
  const secret = newTotpSecret();
  const enable = (password: string | undefined, s: string) =>
    post(t, '/api/auth/totp/enable', { secret: s, code: codeOf(t, s), ...(password === undefined ? {} : { password }) }, here.headers);
  assert.equal((await enable(undefined, secret)).statusCode, 400, 'no password');
  assert.equal((await enable('not the password', secret)).statusCode, 403, 'a wrong password');
  assert.equal(await storedSecret(t, 'enable@x.test'), null, 'still off');
  assert.equal((await enable(PASSWORD, secret)).statusCode, 200);
  const me = (s: Session) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
  assert.equal((await me(here)).statusCode, 200, 'the session that turned it on stays');
  assert.equal((await me(elsewhere)).statusCode, 401, 'a session opened with the password alone ends');

  t.clock.advance(STEP);
  const replacement = newTotpSecret();
  const stored = await storedSecret(t, 'enable@x.test');
  assert.equal((await enable('not the password', replacement)).statusCode, 403, 'replacing needs the password too');
  assert.equal(await storedSecret(t, 'enable@x.test'), stored, 'the secret is unchanged');
  await login(t, 'enable@x.test', PASSWORD, { totp: codeOf(t, secret) });
});

test('finding 8: /api/auth/totp/disable is throttled like a login, also against guesses sent at once', async () => {
  const { session } = await withTotp(t, 'disable@x.test');
  const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(t, '/api/auth/totp/disable', { password: `guess ${i}` }, session.headers, '203.0.113.40')));
  const statuses = guesses.map((r) => r.statusCode);
  const evaluated = statuses.filter((s) => s === 403).length;
  assert.ok(evaluated >= 1 && evaluated <= 8, `at most 8 guesses evaluated, got ${evaluated}: ${statuses.join(' ')}`);
  assert.equal(statuses.filter((s) => s === 429).length, 30 - evaluated);
  assert.notEqual(await storedSecret(t, 'disable@x.test'), null);
});

test('finding 5: the TOTP secret is stored sealed (v1:, AES-GCM), never as its base32', async () => {
  const { secret } = await withTotp(t, 'sealed@x.test');
  const stored = (await storedSecret(t, 'sealed@x.test'))!;
  assert.match(stored, /^v1:[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
  assert.ok(!stored.includes(secret) && !stored.toLowerCase().includes(secret.toLowerCase()));
  assert.ok(!stored.includes(base32Decode(secret).toString('base64url')) && !stored.includes(base32Decode(secret).toString('hex')));
  // A sealed secret copied into another account's row does not open there (its id is bound in).
  const { secret: other } = await withTotp(t, 'other@x.test');
  await t.db.run('UPDATE users SET totp_secret = $1 WHERE email = $2', [stored, 'other@x.test']);
  const res = await post(t, '/api/auth/login', { email: 'other@x.test', password: PASSWORD, totp: codeOf(t, other) });
  assert.ok(res.statusCode !== 200, 'no sign-in with a secret moved between rows');
});

test('finding 5: secrets stored in plaintext before are sealed at the next start and keep working', async () => {
  const dataDir = tmpDir();
  const clock = testClock();
  try {
    const first = await makeApp({ dataDir, clock, keepDir: true });
    await addUser(first, 'legacy@x.test', 'viewer');
    const secret = newTotpSecret();
    await first.db.run('UPDATE users SET totp_secret = $1 WHERE email = $2', [secret, 'legacy@x.test']);
    await first.close();
    const second = await makeApp({ dataDir, clock, keepDir: true });
    try {
      const stored = (await storedSecret(second, 'legacy@x.test'))!;
      assert.match(stored, /^v1:/);
      assert.ok(!stored.includes(secret));
      await login(second, 'legacy@x.test', PASSWORD, { totp: codeOf(second, secret) });
    } finally {
      await second.close();
    }
  } finally {
    removeDir(dataDir);
  }
});
