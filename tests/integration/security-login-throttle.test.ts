// Login throttling (security review, issue 16): guesses sent all at once are counted before they
// are checked (finding 2), and backoff is per (account, address) under a much higher per-account
// ceiling, so nobody locks the owner out from elsewhere (finding 10).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, PASSWORD } from '../helpers/auth.ts';
import { insertShare } from '../../src/store/shares.ts';
import { hashPassword } from '../../src/auth/password.ts';

const ORIGIN = { host: 'localhost', origin: 'http://localhost' };
let t: TestApp;

before(async () => {
  t = await makeApp({ sites: ['example.com'] });
});
after(() => t.close());

const post = (url: string, payload: object, remoteAddress: string, headers: Record<string, string> = ORIGIN) =>
  t.app.inject({ method: 'POST', url, headers, payload, remoteAddress });
const attempt = (email: string, password: string, ip: string) => post('/api/auth/login', { email, password }, ip);

/** Fires `n` requests at once; how many were evaluated (`evaluatedStatus`) and how many refused with 429. */
async function burst(n: number, send: (i: number) => Promise<LightMyRequestResponse>, evaluatedStatus: number): Promise<{ evaluated: number; limited: number }> {
  const statuses = (await Promise.all(Array.from({ length: n }, (_, i) => send(i)))).map((r) => r.statusCode);
  const evaluated = statuses.filter((s) => s === evaluatedStatus).length;
  const limited = statuses.filter((s) => s === 429).length;
  assert.equal(evaluated + limited, n, `only ${evaluatedStatus} or 429: ${statuses.join(' ')}`);
  return { evaluated, limited };
}

test('finding 2: 30 wrong logins for one account sent at once from one address: at most 8 are evaluated', async () => {
  await addUser(t, 'burst@x.test', 'viewer');
  const { evaluated } = await burst(30, (i) => attempt('burst@x.test', `guess ${i}`, '203.0.113.10'), 401);
  assert.ok(evaluated >= 1 && evaluated <= 8, `evaluated ${evaluated}`);
  assert.equal((await attempt('burst@x.test', PASSWORD, '203.0.113.10')).statusCode, 429, 'the burst counted as failures');
});

test('finding 2: a burst of guesses with the right one among them does not sign in', async () => {
  await addUser(t, 'needle@x.test', 'viewer');
  const res = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt('needle@x.test', i === 59 ? PASSWORD : `guess ${i}`, '203.0.113.11')));
  assert.equal(res[59]!.statusCode, 429, 'the last guess (the right one) was not evaluated');
  assert.ok(res.filter((r) => r.statusCode === 401).length <= 8);
});

test('finding 2: 40 share-link password guesses at once: at most 8 are evaluated', async () => {
  const { token } = await insertShare(t.db, { site: 'example.com', label: 'locked', passwordHash: await hashPassword('the right password'), expiresMs: null, now: t.clock.now() });
  const { evaluated } = await burst(40, (i) => post('/api/share/unlock', { token, password: `guess number ${i}` }, '203.0.113.12'), 401);
  assert.ok(evaluated >= 1 && evaluated <= 8, `evaluated ${evaluated}`);
  assert.equal((await post('/api/share/unlock', { token, password: 'the right password' }, '203.0.113.12')).statusCode, 429);
  assert.equal((await post('/api/share/unlock', { token, password: 'the right password' }, '203.0.113.13')).statusCode, 200, 'other viewers of the link are not locked out');
});

test('finding 2: 30 wrong current passwords at once on /api/auth/password: at most 8 are evaluated', async () => {
  await addUser(t, 'change@x.test', 'viewer');
  const s = await login(t, 'change@x.test', PASSWORD);
  const { evaluated } = await burst(30, (i) => post('/api/auth/password', { current_password: `guess ${i}`, new_password: 'a brand new password' }, '203.0.113.14', s.headers), 403);
  assert.ok(evaluated >= 1 && evaluated <= 8, `evaluated ${evaluated}`);
});

test('finding 10: failures from other addresses do not lock the owner out', async () => {
  await addUser(t, 'owner@x.test', 'owner');
  for (const ip of ['198.51.100.1', '198.51.100.2']) {
    for (let i = 0; i < 6; i++) await attempt('owner@x.test', `guess ${i}`, ip);
    assert.equal((await attempt('owner@x.test', 'guess', ip)).statusCode, 429, 'the guessing address backs off');
  }
  assert.equal((await attempt('owner@x.test', PASSWORD, '192.0.2.1')).statusCode, 200, 'the owner, from their own address, signs in');
});

test('finding 10: a sign-in does not clear its address\'s failures on other accounts', async () => {
  await addUser(t, 'sprayer@x.test', 'viewer');
  const ip = '198.51.100.20';
  for (let i = 0; i < 4; i++) assert.equal((await attempt('sprayer@x.test', `guess ${i}`, ip)).statusCode, 401);
  for (let i = 0; i < 15; i++) assert.equal((await attempt(`nobody${i}@x.test`, 'x', ip)).statusCode, 401);
  assert.equal((await attempt('sprayer@x.test', PASSWORD, ip)).statusCode, 200, 'the address knows one password');
  // 19 failures so far; the success did not clear them: one more puts the address in backoff.
  assert.equal((await attempt('nobody99@x.test', 'x', ip)).statusCode, 401);
  assert.equal((await attempt('nobody98@x.test', 'x', ip)).statusCode, 429);
});

test('finding 10: 100 failures on one account from many addresses start a global backoff for it', async () => {
  await addUser(t, 'ceiling@x.test', 'viewer');
  // 25 addresses x 4 guesses, all at once: under every per-address limit, 100 for the account.
  const { evaluated } = await burst(100, (i) => attempt('ceiling@x.test', `guess ${i}`, `10.9.${i % 25}.1`), 401);
  assert.equal(evaluated, 100);
  const fresh = await attempt('ceiling@x.test', PASSWORD, '10.8.0.1');
  assert.equal(fresh.statusCode, 429, 'the account backs off for every address now');
  assert.equal((await attempt('burst-free@x.test', 'x', '10.8.0.1')).statusCode, 401, 'other accounts are not affected');
});
