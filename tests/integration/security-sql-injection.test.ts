// SQL-injection strings in every stats parameter (the time zone included): each is answered by
// a 400, or by an empty result (values are bound, so an injected filter value matches nothing).
// Never a 500, never SQL text in the answer, and the store is intact afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApp, type TestApp } from '../helpers/app.ts';
import { addUser, login, type Session } from '../helpers/auth.ts';

const SITE = 'example.com';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  `${SITE}' UNION SELECT email, password_hash FROM users --`,
  '1) OR (1=1',
  "Europe/Berlin'; DROP TABLE sites; --",
  "UTC' AT TIME ZONE 'UTC",
  '$1',
  '?',
  "\\'; SELECT 1; --",
];
/** What a leak looks like: the engine's error classes, or pieces of the SQL we generate. */
const SQL_TEXT = /Binder Error|Parser Error|Catalog Error|Conversion Error|Invalid Input Error|syntax error|duckdb|FROM events|make_timestamptz|epoch_ms/i;

let t: TestApp;
let owner: Session;

before(async () => {
  t = await makeApp({ sites: [SITE] });
  for (const path of ['/', '/pricing']) {
    await t.app.inject({ method: 'POST', url: '/api/event', headers: { 'user-agent': UA, 'content-type': 'text/plain' }, payload: JSON.stringify({ n: 'pageview', u: `https://${SITE}${path}`, d: SITE }) });
  }
  await t.flush();
  await addUser(t, 'owner@x.test', 'owner');
  owner = await login(t, 'owner@x.test');
});
after(() => t.close());

/**
 * Nothing matched: every number under `results` is zero, or every row's dimension is null (an
 * injected property name is just a property no event has, so all events group under "(none)").
 */
function isEmpty(json: unknown): boolean {
  const rows = (json as { results?: unknown }).results;
  if (Array.isArray(rows) && rows.length > 0 && rows.every((r) => Array.isArray(r?.dimensions) && r.dimensions.every((d: unknown) => d === null))) return true;
  const numbers: number[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'number') numbers.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk((json as { results?: unknown }).results ?? json);
  return numbers.every((n) => n === 0);
}

async function expectSafe(name: string, injected: string, method: 'GET' | 'POST', url: string, payload?: object, allowNotFound = false): Promise<void> {
  const res = await t.app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
  // An error message may quote the value it refuses; anything else SQL-like came from the engine.
  const quoted = [injected, JSON.stringify(injected).slice(1, -1)];
  assert.doesNotMatch(quoted.reduce((body, q) => body.split(q).join(''), res.body), SQL_TEXT, `${name}: SQL text in the answer`);
  if (res.statusCode === 400) return;
  if (allowNotFound && res.statusCode === 404) return assert.equal(res.json().error.code, 'site_not_found', name);
  assert.equal(res.statusCode, 200, `${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const type = String(res.headers['content-type']);
  if (type.startsWith('application/json')) assert.ok(isEmpty(res.json()), `${name}: a non-empty result ${res.body.slice(0, 200)}`);
  else if (type.startsWith('text/csv')) assert.equal(res.body.trim().split('\n').length, 1, `${name}: CSV rows`);
  else assert.fail(`${name}: unexpected ${type}`);
}

const base = { site_id: SITE, date_range: 'day', metrics: ['pageviews'] };

test('the baseline finds the events, so "empty" below means "matched nothing"', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v2/query', headers: owner.headers, payload: base });
  assert.deepEqual(res.json().results[0].metrics, [2]);
});

test('Stats API v2: every field of the query body', async () => {
  for (const x of INJECTIONS) {
    const bodies: Array<[string, object, boolean?]> = [
      ['site_id', { ...base, site_id: x }, true],
      ['date_range', { ...base, date_range: x }],
      ['date_range[0]', { ...base, date_range: [x, '2026-06-15'] }],
      ['date', { ...base, date_range: '7d', date: x }],
      ['metrics', { ...base, metrics: [x] }],
      ['dimensions', { ...base, dimensions: [x] }],
      ['dimensions (property)', { ...base, dimensions: [`event:props:${x}`] }],
      ['filters dimension', { ...base, filters: [['is', x, ['/']]] }],
      ['filters operator', { ...base, filters: [[x, 'event:page', ['/']]] }],
      ['filters value', { ...base, filters: [['is', 'event:page', [x]]] }],
      ['filters contains value', { ...base, filters: [['contains', 'event:page', [x]]] }],
      ['filters matches value', { ...base, filters: [['matches', 'event:page', [x]]] }],
      ['filters property value', { ...base, filters: [['is', 'event:props:plan', [x]]] }],
      ['order_by metric', { ...base, order_by: [[x, 'desc']] }],
      ['order_by direction', { ...base, order_by: [['pageviews', x]] }],
      ['pagination', { ...base, dimensions: ['event:page'], pagination: { limit: x } }],
      ['comparison mode', { ...base, include: { comparisons: { mode: x } } }],
    ];
    for (const [name, body, notFound] of bodies) await expectSafe(`v2 ${name} = ${x}`, x, 'POST', '/api/v2/query', body, notFound);
  }
});

test('Plausible v1, export and /analytics: every parameter', async () => {
  const params: Record<string, string[]> = {
    aggregate: ['period', 'date', 'metrics', 'filters', 'compare'],
    timeseries: ['period', 'date', 'metrics', 'filters', 'interval'],
    breakdown: ['period', 'date', 'metrics', 'filters', 'property', 'limit', 'page'],
    export: ['period', 'date', 'filters', 'property'],
  };
  for (const x of INJECTIONS) {
    const e = encodeURIComponent(x);
    await expectSafe(`v1 site_id = ${x}`, x, 'GET', `/api/v1/stats/aggregate?site_id=${e}`, undefined, true);
    for (const endpoint of ['aggregate', 'timeseries', 'breakdown', 'export']) {
      for (const p of params[endpoint]!) {
        // One breakdown's CSV rather than the whole zip, so "empty" can be checked.
        const property = p !== 'property' && (endpoint === 'breakdown' || endpoint === 'export') ? '&property=event:page' : '';
        await expectSafe(`v1 ${endpoint} ${p} = ${x}`, x, 'GET', `/api/v1/stats/${endpoint}?site_id=${SITE}&${p}=${e}${property}`);
      }
      const filter = encodeURIComponent(`event:page==${x}`);
      await expectSafe(`v1 ${endpoint} filter value = ${x}`, x, 'GET', `/api/v1/stats/${endpoint}?site_id=${SITE}&period=day&filters=${filter}${endpoint === 'breakdown' || endpoint === 'export' ? '&property=event:page' : ''}`);
    }
    for (const p of ['start', 'end']) await expectSafe(`analytics ${p} = ${x}`, x, 'GET', `/analytics?site_id=${SITE}&${p}=${e}`);
  }
});

test('time zone: refused where it enters (site settings, site creation), harmless if it reached the store', async () => {
  for (const x of INJECTIONS) {
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/sites/${SITE}/settings`, headers: owner.headers, payload: { timezone: x } });
    assert.equal(patch.statusCode, 400, `settings timezone = ${x}`);
    const create = await t.app.inject({ method: 'POST', url: '/api/sites', headers: owner.headers, payload: { domain: 'tz.example', timezone: x } });
    assert.equal(create.statusCode, 400, `new site timezone = ${x}`);
  }
  // A zone written around every check (an old database, a hand edit) is still only a bound value.
  await t.db.run('UPDATE sites SET timezone = $1 WHERE domain = $2', [INJECTIONS[4]!, SITE]);
  const res = await t.app.inject({ method: 'POST', url: '/api/v2/query', headers: owner.headers, payload: { ...base, dimensions: ['time:hour'] } });
  assert.equal(res.statusCode, 200);
  assert.match(res.json().meta.warnings.join(' '), /UTC was used/);
  await t.db.run('UPDATE sites SET timezone = $1 WHERE domain = $2', ['UTC', SITE]);
});

test('the store is intact after all of it', async () => {
  const [events] = await t.db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
  assert.equal(Number(events!.n), 2);
  assert.equal((await t.db.all('SELECT 1 FROM users')).length, 1);
  assert.equal((await t.db.all('SELECT 1 FROM sites')).length, 1);
});
