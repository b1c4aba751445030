// Finding 15: with --public-url, a Host other than the public one or a loopback name is refused
// (421 host_not_allowed), so a DNS-rebinding page reaches neither /metrics nor any data; the
// collect endpoints, tracker scripts and /healthz answer any Host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await makeApp({
    sites: ['example.com'],
    env: { INKLING_PUBLIC_URL: 'https://stats.example.com/', INKLING_SCRIPT_PATH: '/assets/app.js', INKLING_EVENT_PATH: '/assets/e' },
  });
});
after(() => t.close());

const ask = (method: string, url: string, host: string, payload?: object) => t.app.inject({
  method: method as 'GET', url, remoteAddress: '127.0.0.1',
  headers: { host, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0' }, ...(payload ? { payload } : {}),
});

test('finding 15: a rebinding Host gets 421 host_not_allowed on data, pages, metrics and unknown paths', async () => {
  for (const [method, url] of [['GET', '/api/sites'], ['GET', '/'], ['GET', '/login'], ['GET', '/example.com'], ['GET', '/metrics'], ['GET', '/nope'],
    ['POST', '/api/auth/login'], ['GET', '/api/docs/openapi.json'], ['GET', '/api/v1/stats/aggregate?site_id=example.com']]) {
    const res = await ask(method!, url!, 'evil.example:8000');
    assert.equal(res.statusCode, 421, `${method} ${url}: ${res.body.slice(0, 200)}`);
    assert.equal(res.json().error.code, 'host_not_allowed');
  }
});

test('finding 15: collect endpoints, tracker scripts, their aliases and /healthz answer any Host', async () => {
  const event = { n: 'pageview', u: 'https://example.com/p', d: 'example.com' };
  const answers = [
    await ask('GET', '/pixel.gif?d=example.com&path=/p', 'example.com'),
    await ask('POST', '/api/event', 'cdn.example.net', event),
    await ask('POST', '/assets/e', 'example.com', event),
    await ask('OPTIONS', '/api/event', 'example.com'),
    await ask('GET', '/js/script.js', 'example.com'),
    await ask('GET', '/assets/app.js', 'example.com'),
    await ask('GET', '/healthz', '10.0.0.7:8000'),
  ];
  assert.deepEqual(answers.map((r) => r.statusCode), [200, 202, 202, 204, 200, 200, 200]);
  assert.notEqual((await ask('POST', '/api/send', 'example.com', {})).statusCode, 421);
});

test('finding 15: the public host (default port or none) and loopback names pass', async () => {
  for (const host of ['stats.example.com', 'STATS.example.com', 'stats.example.com:443', 'stats.example.com.', 'localhost:8000', '127.0.0.1:8000', '[::1]:8000']) {
    assert.equal((await ask('GET', '/api/sites', host)).statusCode, 401, host);
  }
  assert.equal((await ask('GET', '/metrics', 'localhost:8000')).statusCode, 200, 'a local scrape still works');
  for (const host of ['stats.example.com:8443', 'stats.example.com.evil.example', 'evil.example', 'stats.example.com@evil.example']) {
    assert.equal((await ask('GET', '/api/sites', host)).statusCode, 421, host);
  }
});

test('finding 15: without --public-url, any Host reaches the app as before (but not /metrics)', async () => {
  const open = await makeApp();
  try {
    const res = await open.app.inject({ url: '/api/sites', headers: { host: 'evil.example' } });
    assert.equal(res.statusCode, 401);
    assert.equal((await open.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { host: 'evil.example' } })).statusCode, 403);
  } finally {
    await open.close();
  }
});
