// Sites, share links and API keys through the HTTP API on a real app: creating and deleting a
// site (confirmation, its events gone), settings reaching ingestion, public sites, share links
// (password, expiry, revocation, never another site or a write) and key scopes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, type Session } from '../helpers/auth.ts';

let t: TestApp;
let owner: Session;
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

before(async () => {
  t = await makeApp();
  await addUser(t, 'owner@x.test', 'owner');
  owner = await login(t, 'owner@x.test');
});
after(() => t.close());

const call = (method: string, url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });

async function hit(site: string, path: string, ip = '198.51.100.20'): Promise<string | undefined> {
  const res = await t.app.inject({ method: 'POST', url: '/api/event', remoteAddress: ip, headers: { 'user-agent': UA, 'content-type': 'text/plain' }, payload: JSON.stringify({ n: 'pageview', u: `https://${site}${path}`, d: site }) });
  assert.equal(res.statusCode, 202);
  return res.headers['x-inkling-dropped'] as string | undefined;
}

const count = async (site: string) => Number((await t.db.all<{ n: bigint }>('SELECT count(*) AS n FROM events WHERE site = $1', [site]))[0]!.n);
const query = (site: string) => ({ site_id: site, date_range: 'day', metrics: ['pageviews'] });

test('create a site, change its settings, and see ingestion follow them', async () => {
  const created = await call('POST', '/api/sites', owner.headers, { domain: 'https://WWW.Shop.test/', timezone: 'Europe/Berlin' });
  assert.equal(created.statusCode, 201);
  assert.equal(created.json().domain, 'shop.test');
  assert.equal((await call('POST', '/api/sites', owner.headers, { domain: 'shop.test' })).statusCode, 409);
  assert.equal((await call('POST', '/api/sites', owner.headers, { domain: 'not a domain' })).statusCode, 400);

  const patch = (body: object) => call('PATCH', '/api/sites/shop.test/settings', owner.headers, body);
  const saved = await patch({ allowed_hostnames: ['shop.test', '*.shop.test'], excluded_ips: ['203.0.113.0/24'], excluded_paths: ['/admin/*'], retention_days: 30, timezone: 'Asia/Tokyo' });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.deepEqual(saved.json(), { domain: 'shop.test', timezone: 'Asia/Tokyo', allowed_hostnames: ['shop.test', '*.shop.test'], excluded_ips: ['203.0.113.0/24'], excluded_paths: ['/admin/*'], retention_days: 30, public: false });
  for (const [body, field] of [[{ excluded_ips: ['not-an-ip'] }, 'excluded_ips'], [{ excluded_paths: ['no-slash'] }, 'excluded_paths'], [{ allowed_hostnames: ['bad host'] }, 'allowed_hostnames'], [{ retention_days: 0 }, 'retention_days'], [{ timezone: 'Mars/Base' }, 'timezone'], [{ public: 'yes' }, 'public']] as const) {
    const res = await patch(body);
    assert.equal(res.statusCode, 400, field);
    assert.match(res.json().error.message, new RegExp(field));
  }

  assert.equal(await hit('shop.test', '/ok'), undefined);
  assert.equal(await hit('shop.test', '/admin/users'), 'excluded', 'an excluded path');
  assert.equal(await hit('shop.test', '/ok', '203.0.113.9'), 'excluded', 'an excluded address');
  const otherHost = await t.app.inject({ method: 'POST', url: '/api/event', headers: { 'user-agent': UA, 'content-type': 'text/plain' }, payload: JSON.stringify({ n: 'pageview', u: 'https://evil.example/x', d: 'shop.test' }) });
  assert.equal(otherHost.headers['x-inkling-dropped'], 'unknown_site', 'a hostname the site does not allow');
  const subdomain = await t.app.inject({ method: 'POST', url: '/api/event', remoteAddress: '198.51.100.21', headers: { 'user-agent': UA, 'content-type': 'text/plain' }, payload: JSON.stringify({ n: 'pageview', u: 'https://blog.shop.test/fine', d: 'shop.test' }) });
  assert.equal(subdomain.headers['x-inkling-dropped'], undefined, '*.shop.test allows a subdomain');
});

test('deleting a site needs the domain typed again, and removes its events and share links', async () => {
  await call('POST', '/api/sites', owner.headers, { domain: 'gone.test' });
  await hit('gone.test', '/a');
  await t.flush();
  assert.equal(await count('gone.test'), 1);
  await call('POST', '/api/sites/gone.test/shares', owner.headers, {});
  const unconfirmed = await call('DELETE', '/api/sites/gone.test', owner.headers, { confirm: 'gone' });
  assert.equal(unconfirmed.statusCode, 400);
  assert.equal(await count('gone.test'), 1);
  const deleted = await call('DELETE', '/api/sites/gone.test', owner.headers, { confirm: 'gone.test' });
  assert.equal(deleted.statusCode, 200);
  assert.equal(await count('gone.test'), 0);
  assert.equal((await t.db.all('SELECT 1 FROM shares WHERE site = $1', ['gone.test'])).length, 0);
  assert.equal(await hit('gone.test', '/b'), 'unknown_site', 'ingestion stops at once');
});

test('a public site is readable by anyone; its settings are not', async () => {
  await call('POST', '/api/sites', owner.headers, { domain: 'open.test' });
  const anon = () => call('POST', '/api/v2/query', {}, query('open.test'));
  assert.equal((await anon()).statusCode, 401);
  await call('PATCH', '/api/sites/open.test/settings', owner.headers, { public: true });
  assert.equal((await anon()).statusCode, 200);
  assert.equal((await call('GET', '/api/v1/stats/aggregate?site_id=open.test', {})).statusCode, 200);
  assert.equal((await call('GET', '/api/sites/open.test/settings', {})).statusCode, 401);
  assert.equal((await call('POST', '/api/v2/query', {}, query('shop.test'))).statusCode, 401, 'other sites stay private');
});

test('share links: read one site only, password enforced on the API, expiry and revocation', async () => {
  await call('POST', '/api/sites', owner.headers, { domain: 'shared.test' });
  const open = (await call('POST', '/api/sites/shared.test/shares', owner.headers, { label: 'Board' })).json();
  assert.match(open.token, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(open.path, `/share/${open.token}`);
  const as = (token: string, grant?: string) => ({ authorization: `Share ${token}`, ...(grant ? { 'x-share-grant': grant } : {}) });
  assert.equal((await call('POST', '/api/v2/query', as(open.token), query('shared.test'))).statusCode, 200);
  assert.deepEqual((await call('GET', '/api/share', as(open.token))).json(), { domain: 'shared.test', timezone: 'UTC' });
  assert.deepEqual((await call('GET', '/api/sites', as(open.token))).json(), [{ domain: 'shared.test', timezone: 'UTC', can_admin: false }]);
  assert.equal((await call('POST', '/api/v2/query', as(open.token), query('shop.test'))).statusCode, 403, 'another site');
  for (const [method, url, body] of [
    ['PATCH', '/api/sites/shared.test/settings', { public: true }], ['DELETE', '/api/sites/shared.test', { confirm: 'shared.test' }],
    ['POST', '/api/sites/shared.test/shares', {}], ['GET', '/api/sites/shared.test/settings', undefined], ['POST', '/api/keys', { name: 'x' }],
  ] as const) {
    assert.equal((await call(method, url, as(open.token), body)).statusCode, 403, `${method} ${url}`);
  }

  const locked = (await call('POST', '/api/sites/shared.test/shares', owner.headers, { password: 'open sesame please', expires_at: new Date(t.clock.now() + 86_400_000).toISOString() })).json();
  const lockedRes = await call('POST', '/api/v2/query', as(locked.token), query('shared.test'));
  assert.equal(lockedRes.statusCode, 401);
  assert.equal(lockedRes.json().error.code, 'share_locked');
  assert.equal((await call('POST', '/api/share/unlock', {}, { token: locked.token, password: 'wrong password!' })).statusCode, 401);
  const { grant } = (await call('POST', '/api/share/unlock', {}, { token: locked.token, password: 'open sesame please' })).json();
  assert.equal((await call('POST', '/api/v2/query', as(locked.token, grant), query('shared.test'))).statusCode, 200);
  assert.equal((await call('POST', '/api/v2/query', as(open.token, grant), query('shared.test'))).statusCode, 200, 'the open link needs no grant');
  const otherGrant = (await call('POST', '/api/share/unlock', {}, { token: open.token, password: '' })).json().grant;
  assert.equal((await call('POST', '/api/v2/query', as(locked.token, otherGrant), query('shared.test'))).statusCode, 401, "one link's grant does not open another");

  t.clock.advance(2 * 86_400_000);
  assert.equal((await call('POST', '/api/v2/query', as(locked.token, grant), query('shared.test'))).statusCode, 401, 'expired');
  assert.equal((await call('DELETE', `/api/sites/shared.test/shares/${open.id}`, owner.headers)).statusCode, 200);
  assert.equal((await call('POST', '/api/v2/query', as(open.token), query('shared.test'))).statusCode, 401, 'revoked');
  const listed = (await call('GET', '/api/sites/shared.test/shares', owner.headers)).json();
  assert.ok(listed.every((s: Record<string, unknown>) => !('token' in s) && !('passwordHash' in s)), 'tokens and password hashes never listed');
});

test('API keys: shown once, hashed, scoped to sites, read-only or admin, revocable', async () => {
  await addUser(t, 'admin@x.test', 'admin');
  const admin = await login(t, 'admin@x.test');
  const made = await call('POST', '/api/keys', admin.headers, { name: 'ci', access: 'read', sites: ['shop.test'] });
  assert.equal(made.statusCode, 201);
  const { key, id } = made.json();
  assert.match(key, /^ink_/);
  assert.equal((await t.db.all('SELECT 1 FROM api_keys WHERE key_hash = $1', [key])).length, 0, 'the key itself is not stored');
  assert.ok((await call('GET', '/api/keys', admin.headers)).json().every((k: Record<string, unknown>) => !('key' in k)));
  const bearer = { authorization: `Bearer ${key}` };
  assert.equal((await call('POST', '/api/v2/query', bearer, query('shop.test'))).statusCode, 200);
  assert.equal((await call('POST', '/api/v2/query', bearer, query('shared.test'))).statusCode, 403);
  assert.equal((await call('PATCH', '/api/sites/shop.test/settings', bearer, { public: false })).statusCode, 403, 'read-only');
  assert.equal((await call('POST', '/api/keys', admin.headers, { sites: ['nope.test'] })).statusCode, 400);
  const adminKey = (await call('POST', '/api/keys', admin.headers, { name: 'ops', access: 'admin', sites: ['shop.test'] })).json().key;
  assert.equal((await call('PATCH', '/api/sites/shop.test/settings', { authorization: `Bearer ${adminKey}` }, { public: false })).statusCode, 200);
  assert.equal((await call('DELETE', `/api/keys/${id}`, admin.headers)).statusCode, 200);
  assert.equal((await call('POST', '/api/v2/query', bearer, query('shop.test'))).statusCode, 401);
});

test('users: the owner adds and changes them; the last owner stays', async () => {
  const made = await call('POST', '/api/users', owner.headers, { email: 'v@x.test', password: 'a long password', role: 'viewer' });
  assert.equal(made.statusCode, 201);
  assert.equal((await call('POST', '/api/users', owner.headers, { email: 'v@x.test', password: 'a long password', role: 'viewer' })).statusCode, 409);
  const viewer = await login(t, 'v@x.test', 'a long password');
  assert.equal((await call('POST', '/api/sites', viewer.headers, { domain: 'v.test' })).statusCode, 403);
  assert.equal((await call('PATCH', `/api/users/${made.json().id}`, owner.headers, { role: 'admin' })).json().role, 'admin');
  const me = (await call('GET', '/api/auth/me', owner.headers)).json().user;
  const last = await call('PATCH', `/api/users/${me.id}`, owner.headers, { role: 'viewer' });
  assert.equal(last.statusCode, 409);
  assert.equal((await call('DELETE', `/api/users/${me.id}`, owner.headers)).statusCode, 409);
  assert.equal((await call('DELETE', `/api/users/${made.json().id}`, owner.headers)).statusCode, 200);
  assert.equal((await call('GET', '/api/auth/me', viewer.headers)).statusCode, 401, 'a removed user is signed out');
});
