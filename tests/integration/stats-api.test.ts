// The stats API end to end: hits sent through the collect endpoint come out with exact numbers
// from POST /api/v2/query and the Plausible v1 endpoints; auth, rate limit, errors, export, docs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { makeEvent, seedEvents } from '../helpers/seed.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const T0 = Date.parse('2026-06-15T12:00:00Z');

let t: TestApp;
let key = '';

async function send(at: number, ua: string, ip: string, body: Record<string, unknown>): Promise<void> {
  t.clock.set(at);
  const res = await t.app.inject({ method: 'POST', url: '/api/event', remoteAddress: ip, headers: { 'user-agent': ua, 'content-type': 'text/plain' }, payload: JSON.stringify({ d: 'example.com', ...body }) });
  assert.equal(res.statusCode, 202);
  assert.equal(res.headers['x-inkling-dropped'], undefined, `hit dropped: ${JSON.stringify(body)}`);
}

before(async () => {
  t = await makeApp({ sites: ['example.com'] });
  key = (await createApiKey(t.db, { name: 'test' })).key;
  // A: three pages' worth of visit (Google), then a goal. B and C bounce.
  await send(T0, CHROME, '8.1.1.1', { n: 'pageview', u: 'https://example.com/', r: 'https://www.google.com/' });
  await send(T0 + 30_000, FIREFOX, '81.2.2.2', { n: 'pageview', u: 'https://example.com/pricing', r: 'https://news.ycombinator.com/' });
  await send(T0 + 60_000, CHROME, '8.1.1.1', { n: 'pageview', u: 'https://example.com/pricing' });
  await send(T0 + 120_000, CHROME, '8.1.1.1', { n: 'Signup', u: 'https://example.com/pricing', p: { plan: 'pro' } });
  await send(T0 + 180_000, IPHONE, '103.3.3.3', { n: 'pageview', u: 'https://example.com/?utm_campaign=%3DSUM(1)' });
  await t.flush();
  t.clock.set(T0 + 600_000);
});

after(async () => t.close());

const auth = () => ({ authorization: `Bearer ${key}` });
const query = (body: unknown, headers: Record<string, string> = auth()) => t.app.inject({ method: 'POST', url: '/api/v2/query', headers, payload: body as object });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth() });

test('v2 aggregate: exact numbers for the hits sent', async () => {
  const res = await query({ site_id: 'example.com', date_range: 'day', metrics: ['visitors', 'visits', 'pageviews', 'events', 'bounce_rate', 'visit_duration', 'views_per_visit'] });
  assert.equal(res.statusCode, 200, res.body);
  // A: 2 pageviews + Signup over 120 s; B and C: one pageview each (bounces, 0 s).
  assert.deepEqual(res.json().results, [{ dimensions: [], metrics: [3, 3, 4, 5, 67, 40, 1.33] }]);
});

test('v2 breakdowns: pages, sources, conversion rate', async () => {
  const pages = await query({ site_id: 'example.com', date_range: 'day', metrics: ['visitors', 'pageviews'], dimensions: ['event:page'] });
  assert.deepEqual(pages.json().results, [{ dimensions: ['/'], metrics: [2, 2] }, { dimensions: ['/pricing'], metrics: [2, 2] }]);
  const sources = await query({ site_id: 'example.com', date_range: 'day', metrics: ['visitors', 'bounce_rate'], dimensions: ['visit:source'], order_by: [['visit:source', 'asc']] });
  assert.deepEqual(sources.json().results, [{ dimensions: ['Google'], metrics: [1, 0] }, { dimensions: ['Hacker News'], metrics: [1, 100] }, { dimensions: [null], metrics: [1, 100] }]);
  const goal = await query({ site_id: 'example.com', date_range: 'day', metrics: ['visitors', 'conversion_rate'], filters: [['is', 'event:name', ['Signup']]] });
  assert.deepEqual(goal.json().results, [{ dimensions: [], metrics: [1, 33.33] }]);
});

test('v1 aggregate, breakdown and timeseries answer in Plausible shapes', async () => {
  const agg = await get('/api/v1/stats/aggregate?site_id=example.com&period=day&metrics=visitors,pageviews,bounce_rate&compare=previous_period');
  assert.equal(agg.statusCode, 200, agg.body);
  assert.deepEqual(agg.json(), { results: { visitors: { value: 3, comparison_value: 0, change: 100 }, pageviews: { value: 4, comparison_value: 0, change: 100 }, bounce_rate: { value: 67, comparison_value: 0, change: 67 } } });
  const bd = await get('/api/v1/stats/breakdown?site_id=example.com&period=day&property=visit:source&metrics=visitors&limit=2&page=2');
  assert.deepEqual(bd.json(), { results: [{ source: 'Direct / None', visitors: 1 }] });
  const filtered = await get(`/api/v1/stats/breakdown?site_id=example.com&period=day&property=event:page&filters=${encodeURIComponent('visit:source==Google|Hacker News')}`);
  assert.deepEqual(filtered.json(), { results: [{ page: '/pricing', visitors: 2 }, { page: '/', visitors: 1 }] });
  const ts = await get('/api/v1/stats/timeseries?site_id=example.com&period=day&metrics=visitors');
  const series = ts.json().results as { date: string; visitors: number }[];
  assert.equal(series.length, 24);
  assert.deepEqual(series[12], { date: '2026-06-15 12:00:00', visitors: 3 });
  assert.equal(series.reduce((n, r) => n + r.visitors, 0), 3);
  t.clock.set(T0 + 400_000);
  const realtime = await get('/api/v1/stats/realtime/visitors?site_id=example.com');
  t.clock.set(T0 + 600_000);
  assert.equal(realtime.json(), 2, 'A (the Signup) and C were seen in the last five minutes');
});

test('auth: 401 without or with a wrong key; 429 with Retry-After over the rate', async () => {
  // From a remote peer: the keyless local access of a loopback-bound server does not apply.
  const none = await t.app.inject({ method: 'POST', url: '/api/v2/query', remoteAddress: '198.51.100.9', payload: { site_id: 'example.com', date_range: 'day', metrics: ['visitors'] } });
  assert.equal(none.statusCode, 401);
  assert.equal(none.json().error.code, 'unauthorized');
  const wrong = await query({ site_id: 'example.com', date_range: 'day', metrics: ['visitors'] }, { authorization: 'Bearer ink_nope' });
  assert.equal(wrong.statusCode, 401);
  const slow = (await createApiKey(t.db, { name: 'slow', ratePerMinute: 2 })).key;
  const hit = () => t.app.inject({ method: 'GET', url: '/api/v1/stats/realtime/visitors?site_id=example.com', headers: { authorization: `Bearer ${slow}` } });
  assert.equal((await hit()).statusCode, 200);
  assert.equal((await hit()).statusCode, 200);
  const limited = await hit();
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.headers['retry-after'], '30');
  assert.equal(limited.json().error.code, 'rate_limited');
  t.clock.advance(30_000);
  assert.equal((await hit()).statusCode, 200, 'a token is back after Retry-After');
});

test('no keyless access: loopback clients need credentials too (accounts replaced local access)', async () => {
  const body = { site_id: 'example.com', date_range: 'day', metrics: ['visitors'] };
  const local = await t.app.inject({ method: 'POST', url: '/api/v2/query', remoteAddress: '127.0.0.1', payload: body });
  assert.equal(local.statusCode, 401);
  const sites = await t.app.inject({ method: 'GET', url: '/api/sites', remoteAddress: '127.0.0.1' });
  assert.equal(sites.statusCode, 401);
});

test('bad queries: 400 naming the field, never SQL, never a 500', async () => {
  const cases: [unknown, string][] = [
    [{ site_id: 'example.com', date_range: 'day', metrics: ['visitor'] }, 'metrics[0]'],
    [{ site_id: 'example.com', date_range: 'yesterday', metrics: ['visitors'] }, 'date_range'],
    [{ site_id: 'example.com', date_range: 'day', metrics: ['visitors'], filters: [['is', 'visit:nope', ['x']]] }, 'filters[0][1]'],
    [{ site_id: 'example.com', date_range: 'day', metrics: ['visitors'], filters: [['matches', 'event:page', ['(?=x)']]] }, 'filters[0][2][0]'],
    [{ site_id: 'example.com', date_range: ['2026-06-10', '2026-06-01'], metrics: ['visitors'] }, 'date_range'],
    [{ site_id: 'example.com', date_range: 'day', metrics: ['conversion_rate'] }, 'conversion_rate'],
    [{ site_id: 'example.com', date_range: 'day', metrics: ['visitors'], order_by: [['pageviews', 'desc']] }, 'order_by[0][0]'],
    [{ site_id: 'example.com', date_range: 'day', metrics: ['visitors'], bogus: 1 }, 'bogus'],
    [{ site_id: 'example.com', date_range: ['2026-01-01', '9999-12-31'], metrics: ['visitors'] }, 'date_range[1]'],
    ["{'; DROP TABLE events; --", 'body'],
  ];
  for (const [body, field] of cases) {
    const res = typeof body === 'string' ? await t.app.inject({ method: 'POST', url: '/api/v2/query', headers: { ...auth(), 'content-type': 'application/json' }, payload: body }) : await query(body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)} -> ${res.body}`);
    const { error } = res.json();
    if (field !== 'body') assert.match(error.message, new RegExp(field.replace(/[[\]]/g, '\\$&')), res.body);
    assert.doesNotMatch(res.body, /SELECT|FROM events|WHERE/i);
  }
  const unknown = await query({ site_id: 'nope.example', date_range: 'day', metrics: ['visitors'] });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'site_not_found');
  const v1 = await get('/api/v1/stats/aggregate?site_id=example.com&period=fortnight');
  assert.equal(v1.statusCode, 400);
  assert.match(v1.json().error.message, /^period:/);
});

test('a millennium by month is answered, and fast', async () => {
  const started = Date.now();
  const res = await query({ site_id: 'example.com', date_range: ['1970-01-02', '2999-12-31'], metrics: ['visitors'], dimensions: ['time:month'] });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().results, [{ dimensions: ['2026-06-01'], metrics: [3] }]);
  assert.ok(Date.now() - started < 30_000);
});

test('export: a zip of every breakdown, one CSV per property, formulas neutralised', async () => {
  const all = await get('/api/v1/stats/export?site_id=example.com&period=day');
  assert.equal(all.statusCode, 200);
  assert.equal(all.headers['content-type'], 'application/zip');
  assert.equal(all.rawPayload.subarray(0, 2).toString(), 'PK');
  assert.ok(all.rawPayload.includes(Buffer.from('pages.csv')) && all.rawPayload.includes(Buffer.from('visitors.csv')));
  const csv = await get('/api/v1/stats/export?site_id=example.com&period=day&property=visit:utm_campaign');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /^text\/csv/);
  assert.equal(csv.body.split('\r\n')[0], 'name,visitors,visits,pageviews,bounce_rate,visit_duration');
  assert.ok(csv.body.includes("'=SUM(1),1,1,1,100,0"), csv.body);
});

test('/analytics lists counts for a UNIX-seconds slice, HTML-escaped', async () => {
  await seedEvents(t.db, [makeEvent({ id: 9_000_001n, ts: T0 + 240_000, site: 'example.com', name: 'pageview', visitorId: 77n, sessionId: 77n, pathname: '/<script>alert(1)</script>', screenWidth: 1, screenHeight: 2 })]);
  const start = Math.floor(T0 / 1000) - 60;
  const res = await get(`/analytics?start=${start}&end=${start + 3600}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/html/);
  assert.ok(!res.body.includes('<script>'), 'stored strings are escaped');
  assert.ok(res.body.includes('&#60;script&#62;'));
  assert.match(res.body, /<td>\/pricing<\/td><td>2<\/td><td>2<\/td>/);
  assert.match(res.body, /<td>1x2<\/td><td>1<\/td><td>1<\/td>/);
  const empty = await get(`/analytics?start=${start - 7200}&end=${start - 3600}`);
  assert.match(empty.body, /No data/);
});

test('the OpenAPI document is served without a key and describes the query schema', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v2/query'].post.requestBody);
  assert.deepEqual(doc.components.schemas.Query.required, ['site_id', 'date_range', 'metrics']);
  assert.ok(doc.components.schemas.Filter.oneOf.length === 3);
});
