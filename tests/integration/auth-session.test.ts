// Sessions end to end on a real app: first-run setup with the one-time token, the cookie's
// flags (Secure behind a trusted HTTPS proxy), session fixation, logout, password change,
// TOTP, CSRF on cookie-authenticated writes, and the brute-force limit with backoff.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, PASSWORD, sessionCookie } from '../helpers/auth.ts';
import { base32Decode, totpCode } from '../../src/auth/totp.ts';

let t: TestApp;
const ORIGIN = { host: 'localhost', origin: 'http://localhost' };

before(async () => {
  t = await makeApp({ sites: ['example.com'], env: { INKLING_TRUST_PROXY: '10.0.0.1' } });
});
after(() => t.close());

const post = (url: string, payload: object, headers: Record<string, string> = ORIGIN, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url, headers, payload, remoteAddress });

test('setup: the one-time token creates the owner once; a wrong token or a second use is refused', async () => {
  assert.ok(t.setupToken, 'a fresh server has a setup token');
  const wrong = await post('/api/auth/setup', { token: 'nope', email: 'first@x.test', password: PASSWORD });
  assert.equal(wrong.statusCode, 401);
  const weak = await post('/api/auth/setup', { token: t.setupToken, email: 'first@x.test', password: 'short' });
  assert.equal(weak.statusCode, 400, 'a short password is refused before the token is spent');
  const ok = await post('/api/auth/setup', { token: t.setupToken, email: 'First@X.test', password: PASSWORD });
  assert.equal(ok.statusCode, 201);
  assert.equal(ok.json().user.role, 'owner');
  assert.equal(ok.json().user.email, 'first@x.test');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookie(ok) } });
  assert.equal(me.statusCode, 200, 'setup signs the owner in');
  const again = await post('/api/auth/setup', { token: t.setupToken, email: 'second@x.test', password: PASSWORD });
  assert.equal(again.statusCode, 403);
  const cross = await post('/api/auth/setup', { token: t.setupToken, email: 'x@x.test', password: PASSWORD }, { host: 'localhost', origin: 'https://evil.example' });
  assert.equal(cross.statusCode, 403, 'not from another origin');
});

test('the session cookie: HttpOnly, SameSite=Lax, Path=/, and Secure only behind a trusted HTTPS proxy', async () => {
  await addUser(t, 'cookie@x.test', 'viewer');
  const plain = await post('/api/auth/login', { email: 'cookie@x.test', password: PASSWORD });
  const flags = String(plain.headers['set-cookie']);
  assert.match(flags, /HttpOnly/);
  assert.match(flags, /SameSite=Lax/);
  assert.match(flags, /Path=\//);
  assert.doesNotMatch(flags, /Secure/);
  const proxied = await post('/api/auth/login', { email: 'cookie@x.test', password: PASSWORD }, { ...ORIGIN, 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' }, '10.0.0.1');
  assert.match(String(proxied.headers['set-cookie']), /; Secure/);
  const spoofed = await post('/api/auth/login', { email: 'cookie@x.test', password: PASSWORD }, { ...ORIGIN, 'x-forwarded-proto': 'https' }, '198.51.100.8');
  assert.doesNotMatch(String(spoofed.headers['set-cookie']), /Secure/, 'an untrusted peer cannot claim HTTPS');
});

test('session fixation: login always issues a new session id and ends the one presented', async () => {
  await addUser(t, 'fix@x.test', 'viewer');
  const first = await login(t, 'fix@x.test');
  const res = await post('/api/auth/login', { email: 'fix@x.test', password: PASSWORD }, { ...ORIGIN, cookie: first.cookie });
  const second = sessionCookie(res);
  assert.notEqual(second, first.cookie);
  const old = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first.cookie } });
  assert.equal(old.statusCode, 401, 'the presented session id is dead');
  const planted = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'inkling_session=attackerchosenvalue0000000000000000000' } });
  assert.equal(planted.statusCode, 401, 'an id the server never issued is nobody');
  const fresh = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: second } });
  assert.equal(fresh.statusCode, 200);
});

test('sessions are stored only as HMACs and expire with the clock', async () => {
  await addUser(t, 'expiry@x.test', 'viewer');
  const s = await login(t, 'expiry@x.test');
  const value = s.cookie.split('=')[1]!;
  const rows = await t.db.all<{ id: string }>('SELECT id FROM sessions');
  assert.ok(rows.length > 0 && rows.every((r) => r.id !== value && /^[0-9a-f]{64}$/.test(r.id)));
  t.clock.advance(15 * 86_400_000);
  const late = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
  assert.equal(late.statusCode, 401);
});

test('logout ends the session; a password change ends the other sessions', async () => {
  await addUser(t, 'out@x.test', 'viewer');
  const a = await login(t, 'out@x.test');
  const b = await login(t, 'out@x.test');
  const changed = await post('/api/auth/password', { current_password: PASSWORD, new_password: 'another long password' }, a.headers);
  assert.equal(changed.statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: b.cookie } })).statusCode, 401);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode, 200);
  const wrongCurrent = await post('/api/auth/password', { current_password: 'not it at all', new_password: 'yet another password' }, a.headers);
  assert.equal(wrongCurrent.statusCode, 403);
  assert.equal((await post('/api/auth/logout', {}, a.headers)).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: a.cookie } })).statusCode, 401);
  await login(t, 'out@x.test', 'another long password');
});

test('CSRF: cookie-authenticated writes need the session token and this origin', async () => {
  await addUser(t, 'csrf@x.test', 'owner');
  const s = await login(t, 'csrf@x.test');
  const body = { email: 'made@x.test', password: PASSWORD, role: 'viewer' };
  const cases: Array<[string, Record<string, string>]> = [
    ['no token', { cookie: s.cookie, ...ORIGIN }],
    ['wrong token', { cookie: s.cookie, ...ORIGIN, 'x-csrf-token': 'x'.repeat(s.csrf.length) }],
    ['another session token', { cookie: s.cookie, ...ORIGIN, 'x-csrf-token': (await login(t, 'csrf@x.test')).csrf }],
    ['cross-site origin', { ...s.headers, origin: 'https://evil.example' }],
    ['cross-site fetch metadata', { ...s.headers, 'sec-fetch-site': 'cross-site' }],
  ];
  for (const [name, headers] of cases) {
    const res = await post('/api/users', body, headers);
    assert.equal(res.statusCode, 403, name);
    assert.equal(res.json().error.code, 'csrf_failed', name);
  }
  assert.equal((await post('/api/users', body, s.headers)).statusCode, 201, 'with the token it works');
  const del = await t.app.inject({ method: 'DELETE', url: '/api/sites/example.com', headers: { cookie: s.cookie, ...ORIGIN }, payload: { confirm: 'example.com' } });
  assert.equal(del.statusCode, 403, 'a site delete without the token');
  const key = await post('/api/keys', { name: 'k' }, { cookie: s.cookie, ...ORIGIN });
  assert.equal(key.statusCode, 403, 'key creation without the token');
});

test('TOTP: once enabled, login needs a current code', async () => {
  await addUser(t, 'totp@x.test', 'viewer');
  const s = await login(t, 'totp@x.test');
  const offer = (await post('/api/auth/totp/setup', {}, s.headers)).json() as { secret: string; uri: string };
  assert.match(offer.uri, /^otpauth:\/\/totp\/Inkling:totp%40x\.test\?issuer=Inkling&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/);
  const code = totpCode(base32Decode(offer.secret), t.clock.now());
  assert.equal((await post('/api/auth/totp/enable', { secret: offer.secret, code: code === '000000' ? '111111' : '000000' }, s.headers)).statusCode, 400);
  assert.equal((await post('/api/auth/totp/enable', { secret: offer.secret, code, password: PASSWORD }, s.headers)).statusCode, 200);
  const without = await post('/api/auth/login', { email: 'totp@x.test', password: PASSWORD });
  assert.equal(without.statusCode, 401);
  assert.equal(without.json().error.code, 'totp_required');
  assert.equal(without.headers['set-cookie'], undefined);
  const wrong = await post('/api/auth/login', { email: 'totp@x.test', password: PASSWORD, totp: '12345x' });
  assert.equal(wrong.statusCode, 401);
  t.clock.advance(30_000); // the enabling code's step is spent
  await login(t, 'totp@x.test', PASSWORD, { totp: totpCode(base32Decode(offer.secret), t.clock.now()) });
});

test('brute force: per-(account, address) backoff after 5 failures, per-address after 20, then exponential', async () => {
  await addUser(t, 'target@x.test', 'viewer');
  const attempt = (email: string, password: string, ip: string) => post('/api/auth/login', { email, password }, ORIGIN, ip);
  for (let i = 0; i < 5; i++) assert.equal((await attempt('target@x.test', `guess ${i}`, '203.0.113.1')).statusCode, 401);
  const blocked = await attempt('target@x.test', PASSWORD, '203.0.113.1');
  assert.equal(blocked.statusCode, 429, 'even the right password waits: this address backs off on this account');
  assert.equal(blocked.headers['retry-after'], '1');
  t.clock.advance(1_000);
  assert.equal((await attempt('target@x.test', 'guess 6', '203.0.113.1')).statusCode, 401);
  const longer = await attempt('target@x.test', PASSWORD, '203.0.113.1');
  assert.equal(longer.statusCode, 429);
  assert.equal(longer.headers['retry-after'], '2', 'the wait doubles');
  t.clock.advance(2_000);
  assert.equal((await attempt('target@x.test', PASSWORD, '203.0.113.1')).statusCode, 200, 'the right password after the wait');

  // One address spraying many accounts is limited too.
  for (let i = 0; i < 20; i++) assert.equal((await attempt(`nobody${i}@x.test`, 'x', '198.51.100.50')).statusCode, 401);
  assert.equal((await attempt('target@x.test', PASSWORD, '198.51.100.50')).statusCode, 429);
  assert.equal((await attempt('target@x.test', PASSWORD, '198.51.100.51')).statusCode, 200, 'other addresses are not affected');
});
