// Finding 14: inputs that once answered 500 now get their 4xx: a non-ASCII X-CSRF-Token of the
// session token's length, and deeply nested `sites` in POST /api/keys.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, type Session } from '../helpers/auth.ts';

let t: TestApp;
let session: Session;

before(async () => {
  t = await makeApp({ sites: ['example.com'] });
  await addUser(t, 'admin@x.test', 'admin');
  session = await login(t, 'admin@x.test');
});
after(() => t.close());

test('finding 14: a non-ASCII X-CSRF-Token as long as the real one is a 403 csrf_failed', async () => {
  for (const token of ['é'.repeat(session.csrf.length), `${session.csrf.slice(0, -1)}ÿ`, Buffer.from('é'.repeat(session.csrf.length / 2), 'utf8').toString('latin1')]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/keys', headers: { ...session.headers, 'x-csrf-token': token }, payload: { name: 'x' } });
    assert.equal(res.statusCode, 403, `${JSON.stringify(token)}: ${res.body}`);
    assert.equal(res.json().error.code, 'csrf_failed');
  }
  const ok = await t.app.inject({ method: 'POST', url: '/api/keys', headers: session.headers, payload: { name: 'x' } });
  assert.equal(ok.statusCode, 201, 'the right token still passes');
});

test('finding 14: deeply nested sites in POST /api/keys is a 400 invalid_request', async () => {
  for (const depth of [2, 5_000, 10_000]) {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
      const payload = `{"name":"deep","sites":[${open.repeat(depth)}1${close.repeat(depth)}]}`;
      const res = await t.app.inject({ method: 'POST', url: '/api/keys', headers: { ...session.headers, 'content-type': 'application/json' }, payload });
      assert.equal(res.statusCode, 400, `${open} x ${depth}: ${res.body.slice(0, 200)}`);
      assert.equal(res.json().error.code, 'invalid_request');
    }
  }
});
