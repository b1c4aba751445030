// Findings 3, 4 and 17 of the security review over HTTP: a query that would build a huge time
// series is refused at once, readers without an API key (share links, public sites) have a rate
// limit, and a query past the statement timeout answers 503 + Retry-After while the server
// (and its DuckDB connections) keep answering.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { generateEvents, seedEvents } from '../helpers/seed.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { PUBLIC_RATE_PER_MINUTE, SHARE_RATE_PER_MINUTE } from '../../src/api/reader-limits.ts';
import { insertShare } from '../../src/store/shares.ts';
import { saveSiteRules } from '../../src/store/site-settings.ts';
import { MAX_TIME_BUCKETS } from '../../src/query/time-labels.ts';

const SITE = 'cost.test';
let t: TestApp;
let bearer: Record<string, string>;

before(async () => {
  t = await makeApp({ sites: [SITE, 'open.test'] });
  bearer = { authorization: `Bearer ${(await createApiKey(t.db, { name: 'k', ratePerMinute: 1_000_000 })).key}` };
  await saveSiteRules(t.db, 'open.test', { isPublic: true });
});
after(() => t.close());

const post = (body: object, headers: Record<string, string> = bearer) => t.app.inject({ method: 'POST', url: '/api/v2/query', headers, payload: body });

test('finding 3: an 11-year hourly series is refused with a 400 naming the bucket limit, quickly', async () => {
  await post({ site_id: SITE, date_range: 'day', metrics: ['visitors'] }); // warm up: the first request loads code
  const began = performance.now();
  const res = await post({ site_id: SITE, date_range: ['2015-06-01', '2026-05-31'], metrics: ['visitors'], dimensions: ['time:hour'], include: { time_labels: true } });
  assert.ok(performance.now() - began < 1_000, 'refused before any labels or SQL');
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'invalid_query');
  assert.match(res.json().error.message, new RegExp(`^dimensions: time:hour .*the most is ${MAX_TIME_BUCKETS}`));
  const v1 = await t.app.inject({ method: 'GET', url: `/api/v1/stats/timeseries?site_id=${SITE}&period=custom&date=2015-06-01,2026-05-31&interval=hour&metrics=visitors`, headers: bearer });
  assert.equal(v1.statusCode, 400);
  // What the dashboard asks for stays well inside: hourly for a week, daily for years.
  assert.equal((await post({ site_id: SITE, date_range: '7d', metrics: ['visitors'], dimensions: ['time:hour'], include: { time_labels: true, comparisons: { mode: 'previous_period' } } })).statusCode, 200);
  assert.equal((await post({ site_id: SITE, date_range: ['2001-01-01', '2026-06-14'], metrics: ['visitors'], dimensions: ['time:day'], include: { time_labels: true } })).statusCode, 200);
});

test('finding 17: a comparison reaching past the limits is refused naming include.comparisons', async () => {
  const hourly = { site_id: SITE, metrics: ['visitors'], dimensions: ['time:hour'], include: { time_labels: true, comparisons: { mode: 'custom', date_range: ['2022-01-01', '2025-12-31'] } } };
  const res = await post({ ...hourly, date_range: '7d' });
  assert.equal(res.statusCode, 400);
  assert.match(res.json().error.message, new RegExp(`^include\\.comparisons: time:hour over the comparison range .*the most is ${MAX_TIME_BUCKETS}`));
  const back = await post({ site_id: SITE, date_range: ['1970-01-01', '2026-06-14'], metrics: ['visitors'], include: { comparisons: { mode: 'previous_period' } } });
  assert.equal(back.statusCode, 400);
  assert.match(back.json().error.message, /^include\.comparisons: .*outside the supported dates/);
});

/** A request the rate limit counts but that costs no query: the metric is unknown (400). */
const cheap = (site: string, headers: Record<string, string>, remoteAddress = '203.0.113.5') =>
  t.app.inject({ method: 'GET', url: `/api/v1/stats/aggregate?site_id=${site}&metrics=nope`, headers, remoteAddress });

test('finding 3: a share link has a rate limit per link, answered 429 rate_limited with Retry-After', async () => {
  const now = t.clock.now();
  const { token } = await insertShare(t.db, { site: SITE, label: 'a', passwordHash: null, expiresMs: null, now });
  const { token: other } = await insertShare(t.db, { site: SITE, label: 'b', passwordHash: null, expiresMs: null, now });
  const share = { authorization: `Share ${token}` };
  for (let i = 0; i < SHARE_RATE_PER_MINUTE; i++) assert.equal((await cheap(SITE, share, `198.51.100.${i % 200}`)).statusCode, 400, `request ${i}`);
  const limited = await cheap(SITE, share);
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate_limited');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  // The limit is the link's, from any address; another link and API keys have their own.
  assert.equal((await post({ site_id: SITE, date_range: '7d', metrics: ['visitors'] }, share)).statusCode, 429);
  assert.equal((await cheap(SITE, { authorization: `Share ${other}` })).statusCode, 400);
  assert.equal((await cheap(SITE, bearer)).statusCode, 400);
  t.clock.advance(60_000);
  assert.equal((await cheap(SITE, share)).statusCode, 400, 'refilled after a minute');
});

test('finding 3: anonymous readers of a public site have a rate limit per client address', async () => {
  for (let i = 0; i < PUBLIC_RATE_PER_MINUTE; i++) assert.equal((await cheap('open.test', {}, '198.51.100.77')).statusCode, 400, `request ${i}`);
  const limited = await cheap('open.test', {}, '198.51.100.77');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate_limited');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  assert.equal((await cheap('open.test', {}, '198.51.100.78')).statusCode, 400, 'another address has its own allowance');
  assert.equal((await cheap('open.test', bearer, '198.51.100.77')).statusCode, 400, 'a key reading the same site is not counted');
});

test('finding 4: a query past the statement timeout answers 503 query_timeout with Retry-After, and the server keeps answering', async () => {
  const slow = await makeApp({ sites: [SITE], env: { INKLING_QUERY_TIMEOUT_MS: '1' } });
  try {
    const now = slow.clock.now();
    const seeded = await seedEvents(slow.db, generateEvents({ sites: [SITE], start: now - 20 * 86_400_000, end: now, count: 3_000, seed: 4, firstId: 1_000_000n }));
    const key = { authorization: `Bearer ${(await createApiKey(slow.db, { name: 'k', ratePerMinute: 1_000_000 })).key}` };
    const heavy = {
      site_id: SITE, date_range: '30d', metrics: ['visitors', 'bounce_rate'], dimensions: ['visit:country'],
      filters: [['or', Array.from({ length: 20 }, (_, i) => ['has_done', ['matches', 'event:page', [`^/p${i}`, `/x${i}$`]]])]],
    };
    const res = await slow.app.inject({ method: 'POST', url: '/api/v2/query', headers: key, payload: heavy });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.code, 'query_timeout');
    assert.ok(Number(res.headers['retry-after']) >= 1);
    assert.equal((await slow.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).statusCode, 200);
    // Every DuckDB reader connection runs the next statements normally.
    const answers = await Promise.all([slow.db.read('SELECT 1 AS x'), slow.db.read('SELECT 2 AS x'), slow.db.read('SELECT count(*) AS n FROM events')]);
    assert.deepEqual(answers.map((rows) => Number(Object.values(rows[0]!)[0])), [1, 2, seeded]);
  } finally {
    await slow.close();
  }
});
