// The collect endpoints over inject() against a real DuckDB: every hit is recorded or cleanly dropped, never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
let t: TestApp;

before(async () => {
  t = await makeApp({ sites: ['example.com'] });
});
after(async () => t.close());

const pixel = (query: string, headers: Record<string, string> = { 'user-agent': CHROME }) =>
  t.app.inject({ method: 'GET', url: `/pixel.gif${query}`, headers });

const post = (body: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/event', payload: body, headers: { 'user-agent': CHROME, 'content-type': 'text/plain', ...headers } });

async function countEvents(where = 'true'): Promise<number> {
  await t.flush();
  const [row] = await t.db.all<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE ${where}`);
  return Number(row?.n);
}

const pixelCases: Array<{ name: string; query: string; headers?: Record<string, string>; dropped?: string }> = [
  { name: 'original snippet with resolution', query: '?path=%2Fwith-res&title=Home&referrer=https%3A%2F%2Fnews.ycombinator.com%2F&resolution=1920,1080' },
  { name: 'original noscript pixel without resolution', query: '?path=/noscript' },
  // inject() fills in a User-Agent when none is given; an empty one is the closest it allows.
  // The real-process test (ingest-process.test.ts) sends requests with no User-Agent header at all.
  { name: 'an empty User-Agent', query: '?path=/no-ua', headers: { 'user-agent': '' } },
  { name: 'no parameters at all', query: '' },
  { name: 'garbage resolution', query: '?path=/garbage-res&resolution=lots,of,pixels' },
  { name: 'malformed percent-encoding', query: '?path=%E0%A4%A&title=%ZZ' },
  { name: 'huge path', query: `?path=/${'a'.repeat(10_000)}` },
  { name: 'unknown domain', query: '?d=other.org&path=/x', dropped: 'unknown_site' },
  { name: 'a crawler', query: '?path=/bot', headers: { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, dropped: 'bot' },
  { name: 'a spam referrer', query: '?path=/spam&referrer=http%3A%2F%2Fsemalt.com%2F', dropped: 'spam_referrer' },
];

for (const c of pixelCases) {
  test(`pixel: ${c.name} answers the 43-byte GIF`, async () => {
    const before = await countEvents();
    const res = await pixel(c.query, c.headers);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/gif');
    assert.equal(res.rawPayload.length, 43);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['x-inkling-dropped'], c.dropped);
    assert.equal(await countEvents(), before + (c.dropped ? 0 : 1));
  });
}

test('pixel: the original snippet fields land in their columns', async () => {
  await pixel('?path=%2Fpricing&title=Pricing&referrer=https%3A%2F%2Fnews.ycombinator.com%2Fitem%3Fid%3D1&resolution=1440,900');
  await t.flush();
  const [row] = await t.db.all(`SELECT * FROM events WHERE pathname = '/pricing'`);
  assert.ok(row);
  assert.equal(row.site, 'example.com');
  assert.equal(row.title, 'Pricing');
  assert.equal(row.source, 'Hacker News');
  assert.equal(row.referrer, 'news.ycombinator.com/item');
  assert.equal(row.screen_width, 1440);
  assert.equal(row.screen_height, 900);
  assert.equal(row.browser, 'Chrome');
  assert.equal(row.device, 'desktop');
});

const eventCases: Array<{ name: string; body: string; headers?: Record<string, string>; status: number; dropped?: string }> = [
  { name: 'short names as text/plain', body: JSON.stringify({ n: 'pageview', u: 'https://example.com/a', d: 'example.com', r: '' }), status: 202 },
  { name: 'long names as application/json', body: JSON.stringify({ name: 'Signup', url: 'https://example.com/b', domain: 'example.com', props: { plan: 'pro' }, revenue: { amount: '9.99', currency: 'EUR' } }), headers: { 'content-type': 'application/json' }, status: 202 },
  { name: 'engagement without a visit', body: JSON.stringify({ n: 'engagement', u: 'https://example.com/x', d: 'example.com', sd: 50, e: 1000 }), headers: { 'user-agent': 'Mozilla/5.0 Lonely/1.0' }, status: 202, dropped: 'no_session' },
  { name: 'a JSON array', body: '[1,2]', status: 202, dropped: 'invalid' },
  { name: 'no name', body: JSON.stringify({ u: 'https://example.com/' }), status: 202, dropped: 'invalid' },
  { name: 'javascript: URL', body: JSON.stringify({ n: 'pageview', u: 'javascript:alert(1)', d: 'example.com' }), status: 202, dropped: 'invalid' },
  { name: 'prototype keys', body: '{"n":"pageview","u":"https://example.com/p","d":"example.com","p":{"__proto__":{"x":1},"constructor":"c"}}', status: 202 },
  { name: 'not JSON', body: 'n=pageview', status: 400 },
  { name: 'empty body', body: '', status: 400 },
  { name: 'over the size limit', body: JSON.stringify({ n: 'x', pad: 'a'.repeat(70_000) }), status: 400 },
];

for (const c of eventCases) {
  test(`event: ${c.name} answers ${c.status}`, async () => {
    const res = await post(c.body, c.headers);
    assert.equal(res.statusCode, c.status);
    assert.equal(res.headers['x-inkling-dropped'], c.dropped);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    if (c.status === 202) assert.equal(res.body, '');
    else assert.match(JSON.parse(res.body).error.code, /^(invalid_json|body_too_large)$/);
  });
}

test('event: custom event props and revenue are stored', async () => {
  await post(JSON.stringify({ n: 'Purchase', u: 'https://example.com/checkout', d: 'example.com', p: { plan: 'pro', seats: 3 }, $: 12.5 }));
  await t.flush();
  const [row] = await t.db.all<{ plan: string; seats: string; revenue: number }>(
    `SELECT props['plan'] AS plan, props['seats'] AS seats, CAST(revenue AS DOUBLE) AS revenue FROM events WHERE name = 'Purchase'`,
  );
  assert.deepEqual(row, { plan: 'pro', seats: '3', revenue: 12.5 });
});

test('event: CORS preflight is answered', async () => {
  const res = await t.app.inject({ method: 'OPTIONS', url: '/api/event', headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' } });
  assert.equal(res.statusCode, 204);
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['access-control-allow-methods'], 'GET, POST, OPTIONS');
  assert.equal(res.headers['access-control-allow-headers'], 'Content-Type');
  assert.equal(res.headers['access-control-max-age'], '86400');
});

test('ops: /healthz, and /metrics only from loopback', async () => {
  assert.deepEqual((await t.app.inject('/healthz')).json(), { status: 'ok' });
  const local = await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
  assert.equal(local.statusCode, 200);
  assert.match(local.body, /inkling_hits_dropped_total\{reason="bot"\} [1-9]/);
  assert.match(local.body, /inkling_hits_accepted_total [1-9]/);
  assert.match(local.body, /inkling_spool_bytes \d+/);
  const remote = await t.app.inject({ url: '/metrics', remoteAddress: '198.51.100.4' });
  assert.equal(remote.statusCode, 403);
});

test('ops: GET / serves the test page with the original snippet', async () => {
  const res = await t.app.inject('/');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /pixel\.gif\?path=/);
  assert.match(res.body, /resolution=/);
});

test('unknown routes answer a JSON 404', async () => {
  const res = await t.app.inject('/nope');
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'not_found');
});
