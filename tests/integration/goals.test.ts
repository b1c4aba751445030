// Goals, properties, revenue, behaviour filters and funnels end to end: hits sent through the
// real collect endpoint (POST /api/event with props and revenue) come out with exact numbers
// from POST /api/v2/query and POST /api/v2/funnel; goal and segment CRUD with its access rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { createApiKey } from '../../src/store/api-keys.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const T0 = Date.parse('2026-06-15T12:00:00Z');
const SITE = 'shop.test';

let t: TestApp;
let readKey = '';
let adminKey = '';
const goalIds: Record<string, string> = {};

async function send(offsetS: number, ua: string, ip: string, body: Record<string, unknown>): Promise<void> {
  t.clock.set(T0 + offsetS * 1000);
  const res = await t.app.inject({ method: 'POST', url: '/api/event', remoteAddress: ip, headers: { 'user-agent': ua, 'content-type': 'text/plain' }, payload: JSON.stringify({ d: SITE, ...body }) });
  assert.equal(res.statusCode, 202);
  assert.equal(res.headers['x-inkling-dropped'], undefined, `hit dropped: ${JSON.stringify(body)}`);
}

const page = (path: string) => ({ n: 'pageview', u: `https://${SITE}${path}` });
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const post = (url: string, payload: unknown, key = readKey) => t.app.inject({ method: 'POST', url, headers: as(key), payload: payload as object });
const query = (body: Record<string, unknown>) => post('/api/v2/query', { site_id: SITE, date_range: 'day', ...body });
const funnel = (body: Record<string, unknown>) => post('/api/v2/funnel', { site_id: SITE, date_range: 'day', ...body });

before(async () => {
  t = await makeApp({ sites: [SITE] });
  readKey = (await createApiKey(t.db, { name: 'reader' })).key;
  adminKey = (await createApiKey(t.db, { name: 'admin', access: 'admin' })).key;
  // A: home, pricing, a blog post, signs up (pro), buys for 49.90 EUR.
  await send(0, CHROME, '8.1.1.1', { ...page('/'), r: 'https://www.google.com/' });
  await send(30, CHROME, '8.1.1.1', page('/pricing'));
  await send(60, CHROME, '8.1.1.1', page('/blog/hello'));
  await send(90, CHROME, '8.1.1.1', { n: 'Signup', u: `https://${SITE}/pricing`, p: { plan: 'pro' } });
  await send(150, CHROME, '8.1.1.1', { n: 'Purchase', u: `https://${SITE}/checkout`, p: { plan: 'pro' }, $: { amount: '49.90', currency: 'EUR' } });
  // B: home, pricing, signs up (free) three minutes later.
  await send(10, FIREFOX, '81.2.2.2', page('/'));
  await send(20, FIREFOX, '81.2.2.2', page('/pricing'));
  await send(200, FIREFOX, '81.2.2.2', { n: 'Signup', u: `https://${SITE}/pricing`, props: JSON.stringify({ plan: 'free' }) });
  // C: a nested blog page, then buys for 10 without seeing pricing.
  await send(40, IPHONE, '103.3.3.3', page('/blog/hello/world'));
  await send(100, IPHONE, '103.3.3.3', { n: 'Purchase', u: `https://${SITE}/checkout`, p: { plan: 'free' }, revenue: 10 });
  // D: home only.
  await send(50, SAFARI, '9.9.9.9', page('/'));
  await t.flush();
  t.clock.set(T0 + 3_600_000);
  const goals = [
    { page_path: '/pricing' },
    { page_path: '/blog/**', name: 'Blog' },
    { event_name: 'Signup' },
    { event_name: 'Signup', name: 'Pro signup', property: { key: 'plan', value: 'pro' } },
    { event_name: 'Purchase', currency: 'EUR' },
  ];
  for (const g of goals) {
    const res = await post(`/api/sites/${SITE}/goals`, g, adminKey);
    assert.equal(res.statusCode, 201, res.body);
    goalIds[res.json().name] = res.json().id;
  }
});

after(async () => t.close());

test('goals: list shows every kind with its definition', async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/sites/${SITE}/goals`, headers: as(readKey) });
  assert.equal(res.statusCode, 200);
  const goals = res.json().goals.map(({ id: _id, ...rest }: { id: string }) => rest);
  assert.deepEqual(goals, [
    { name: 'Visit /pricing', type: 'page', page_path: '/pricing', currency: null },
    { name: 'Blog', type: 'page', page_path: '/blog/**', currency: null },
    { name: 'Signup', type: 'event', event_name: 'Signup', currency: null },
    { name: 'Pro signup', type: 'event', event_name: 'Signup', property: { key: 'plan', value: 'pro' }, currency: null },
    { name: 'Purchase', type: 'event', event_name: 'Purchase', currency: 'EUR' },
  ]);
});

test('event:goal breakdown: converted visitors, conversions, conversion rate and revenue per goal', async () => {
  const res = await query({ metrics: ['converted_visitors', 'conversions', 'conversion_rate', 'total_revenue', 'average_revenue'], dimensions: ['event:goal'] });
  assert.equal(res.statusCode, 200, res.body);
  // 4 visitors in all. Wildcards: /blog/** takes /blog/hello and /blog/hello/world.
  assert.deepEqual(res.json().results, [
    { dimensions: ['Blog'], metrics: [2, 2, 50, null, null] },
    { dimensions: ['Purchase'], metrics: [2, 2, 50, 59.9, 29.95] },
    { dimensions: ['Signup'], metrics: [2, 2, 50, null, null] },
    { dimensions: ['Visit /pricing'], metrics: [2, 2, 50, null, null] },
    { dimensions: ['Pro signup'], metrics: [1, 1, 25, null, null] },
  ]);
});

test('event:goal filter: one goal aggregated; an unknown goal is a 400', async () => {
  const res = await query({ metrics: ['visitors', 'events', 'conversion_rate', 'total_revenue'], filters: [['is', 'event:goal', ['Purchase']]] });
  assert.deepEqual(res.json().results, [{ dimensions: [], metrics: [2, 2, 50, 59.9] }]);
  const bad = await query({ metrics: ['visitors'], filters: [['is', 'event:goal', ['Nope']]] });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.message, /no goal named "Nope"/);
  const noGoal = await query({ metrics: ['conversions'] });
  assert.equal(noGoal.statusCode, 400);
  assert.match(noGoal.json().error.message, /conversions needs a goal/);
});

test('custom properties: keys, then values of one key, and a property filter', async () => {
  const keys = await query({ metrics: ['visitors', 'events'], dimensions: ['event:prop_key'] });
  assert.deepEqual(keys.json().results, [{ dimensions: ['plan'], metrics: [3, 4] }]);
  const values = await query({ metrics: ['visitors', 'events'], dimensions: ['event:props:plan'], filters: [['is', 'event:prop_key', ['plan']]] });
  assert.deepEqual(values.json().results, [{ dimensions: ['free'], metrics: [2, 2] }, { dimensions: ['pro'], metrics: [1, 2] }]);
  const pro = await query({ metrics: ['events', 'total_revenue'], filters: [['is', 'event:props:plan', ['pro']]] });
  assert.deepEqual(pro.json().results, [{ dimensions: [], metrics: [2, 49.9] }]);
});

test('behaviour filters: pages of visits that did / did not sign up', async () => {
  const done = await query({ metrics: ['visitors'], dimensions: ['event:page'], filters: [['has_done', ['is', 'event:goal', ['Signup']]]] });
  // A and B signed up; every page event of their visits counts (custom events carry their page).
  assert.deepEqual(done.json().results, [
    { dimensions: ['/'], metrics: [2] },
    { dimensions: ['/pricing'], metrics: [2] },
    { dimensions: ['/blog/hello'], metrics: [1] },
    { dimensions: ['/checkout'], metrics: [1] },
  ]);
  const notDone = await query({ metrics: ['visitors', 'visits'], filters: [['has_not_done', ['is', 'event:goal', ['Signup']]]] });
  assert.deepEqual(notDone.json().results, [{ dimensions: [], metrics: [2, 2] }]);
  const nested = await query({ metrics: ['visitors'], filters: [['has_done', ['has_done', ['is', 'event:goal', ['Signup']]]]] });
  assert.equal(nested.statusCode, 400);
});

test('funnel: visitors per step, drop-off, step and overall conversion', async () => {
  const res = await funnel({ steps: [goalIds['Visit /pricing'], goalIds['Signup'], { event_name: 'Purchase' }] });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.deepEqual(body.steps, [
    { step: 1, goal: 'Visit /pricing', visitors: 2, conversion_rate: 100, conversion_rate_step: 100, dropoff: 0, dropoff_rate: 0 },
    { step: 2, goal: 'Signup', visitors: 2, conversion_rate: 100, conversion_rate_step: 100, dropoff: 0, dropoff_rate: 0 },
    { step: 3, goal: 'Purchase', visitors: 1, conversion_rate: 50, conversion_rate_step: 50, dropoff: 1, dropoff_rate: 50 },
  ]);
  assert.deepEqual([body.entering_visitors, body.converted_visitors, body.conversion_rate], [2, 1, 50]);
});

test('funnel: a window, a filter, a saved funnel; bad requests are 4xx', async () => {
  // A signs up 60 s after pricing but buys 120 s after; B signs up 180 s after.
  const windowed = await funnel({ steps: [goalIds['Visit /pricing'], goalIds['Signup'], goalIds['Purchase']], window_seconds: 60 });
  assert.deepEqual(windowed.json().steps.map((s: { visitors: number }) => s.visitors), [2, 1, 0]);
  const filtered = await funnel({ steps: [goalIds['Visit /pricing'], goalIds['Signup']], filters: [['is', 'visit:source', ['Google']]] });
  assert.deepEqual(filtered.json().steps.map((s: { visitors: number }) => s.visitors), [1, 1]);
  const saved = await post(`/api/sites/${SITE}/funnels`, { name: 'Checkout', steps: [goalIds['Blog'], goalIds['Purchase']] }, adminKey);
  assert.equal(saved.statusCode, 201, saved.body);
  const bySaved = await funnel({ funnel_id: saved.json().id });
  assert.deepEqual(bySaved.json().steps.map((s: { visitors: number }) => s.visitors), [2, 2]);
  for (const [body, status] of [
    [{ steps: [goalIds['Signup']] }, 400],
    [{ steps: ['g_nope', goalIds['Signup']] }, 400],
    [{ steps: [{ page_path: 'no-slash' }, goalIds['Signup']] }, 400],
    [{ steps: [goalIds['Signup'], goalIds['Signup']], window_seconds: 0 }, 400],
    [{ site_id: 'nope.test', steps: [goalIds['Signup'], goalIds['Signup']] }, 404],
  ] as const) {
    const res = await funnel(body);
    assert.equal(res.statusCode, status, `${JSON.stringify(body)} -> ${res.body}`);
  }
});

test('goal and segment management: admin only, names unique, bad input a 400, delete', async () => {
  const url = `/api/sites/${SITE}/goals`;
  assert.equal((await post(url, { event_name: 'Download' })).statusCode, 403, 'a read key cannot create goals');
  assert.equal((await post(url, { event_name: 'Signup' }, adminKey)).statusCode, 409);
  for (const body of [{}, { page_path: '/a', event_name: 'b' }, { event_name: 'pageview' }, { page_path: '/x', currency: 'EUR' }, { event_name: 'x', currency: 'euro' }, { event_name: 'x', extra: 1 }]) {
    const res = await post(url, body, adminKey);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)} -> ${res.body}`);
  }
  const created = await post(url, { event_name: 'Download' }, adminKey);
  const del = (u: string, key = adminKey) => t.app.inject({ method: 'DELETE', url: u, headers: as(key) });
  assert.equal((await del(`${url}/${created.json().id}`, readKey)).statusCode, 403);
  assert.equal((await del(`${url}/${created.json().id}`)).statusCode, 204);
  assert.equal((await del(`${url}/${created.json().id}`)).statusCode, 404);

  const segments = `/api/sites/${SITE}/segments`;
  const seg = await post(segments, { name: 'Pro', filters: [['is', 'event:props:plan', ['pro']]] }, adminKey);
  assert.equal(seg.statusCode, 201, seg.body);
  assert.equal((await post(segments, { name: 'Bad', filters: [['is', 'nope', ['x']]] }, adminKey)).statusCode, 400);
  const list = await t.app.inject({ method: 'GET', url: segments, headers: as(readKey) });
  assert.deepEqual(list.json().segments, [{ id: seg.json().id, name: 'Pro', filters: [['is', 'event:props:plan', ['pro']]] }]);
  assert.equal((await del(`${segments}/${seg.json().id}`)).statusCode, 204);
  assert.equal((await t.app.inject({ method: 'GET', url: `/api/sites/nope.test/goals`, headers: as(readKey) })).statusCode, 404);
});
