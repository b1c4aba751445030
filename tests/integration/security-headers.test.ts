// Web security on a real app: CSP (share pages framable only by the configured ancestors),
// Referrer-Policy, nosniff, generic error bodies, the secret file, and no development routes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { loadConfig } from '../../src/config.ts';
import { SECRET_FILE } from '../../src/auth/secret.ts';

let t: TestApp;
const TOKEN = 'a'.repeat(32);

before(async () => {
  t = await makeApp({ sites: ['example.com'], env: { INKLING_FRAME_ANCESTORS: 'https://blog.example.com https://*.partner.example' } });
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

test('dashboard HTML: strict CSP, never framed, same-origin referrers, nosniff', async () => {
  for (const url of ['/sites', '/login', '/setup', '/example.com', '/example.com/settings', '/keys']) {
    const res = await get(url);
    if (res.statusCode === 503) continue; // the dashboard is not built in this checkout
    assert.equal(res.statusCode, 200, url);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/, `${url}: no inline script`);
    assert.match(csp, /frame-ancestors 'none'/, url);
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  }
});

test('share pages: framable by the configured ancestors only, and no Referer carries the token', async () => {
  const res = await get(`/share/${TOKEN}`);
  if (res.statusCode === 503) return;
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors https:\/\/blog\.example\.com https:\/\/\*\.partner\.example/);
  assert.equal(res.headers['x-frame-options'], undefined);
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal((await get('/share/short')).statusCode, 404);
});

test('--frame-ancestors accepts origins and refuses anything else', () => {
  assert.equal(loadConfig([], {}).frameAncestors, "'none'");
  assert.equal(loadConfig(['--frame-ancestors', "'self', https://a.example"], {}).frameAncestors, "'self' https://a.example");
  for (const bad of ['*', 'javascript:alert(1)', "https://a.example; script-src *", 'data:']) {
    assert.throws(() => loadConfig(['--frame-ancestors', bad], {}), /frame-ancestors/);
  }
});

test('account APIs: nosniff and no-store; errors are generic JSON with a code', async () => {
  const res = await get('/api/auth/me');
  assert.equal(res.statusCode, 401);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.deepEqual(Object.keys(res.json().error).sort(), ['code', 'message']);
  const broken = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
  assert.equal(broken.statusCode, 400);
  assert.deepEqual(broken.json(), { error: { code: 'invalid_json', message: 'The body must be valid JSON.' } });
  const badAuth = await get('/api/sites', { authorization: 'Basic dXNlcjpwYXNz' });
  assert.equal(badAuth.statusCode, 401);
  assert.equal((await get('/api/nothing-here')).json().error.code, 'not_found');
});

test('no development or debug routes', async () => {
  const routes = t.app.printRoutes({ commonPrefix: false });
  for (const word of ['debug', 'dev', 'test', 'internal', '__', 'seed', 'reset']) {
    assert.doesNotMatch(routes.replace(/\/api\/docs/g, ''), new RegExp(`(^|[/ ])${word}`, 'im'), word);
  }
});

test('the session secret: generated into the data dir on first start, mode 0600, kept across restarts', () => {
  const file = path.join(t.dataDir, SECRET_FILE);
  const stat = fs.statSync(file);
  assert.equal(stat.mode & 0o777, 0o600);
  assert.match(fs.readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/);
});
