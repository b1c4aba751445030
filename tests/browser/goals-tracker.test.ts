// Issue 8's acceptance in a real browser: three visitors on a page with the tracker script send
// pageviews and custom events with props and revenue, and the goal, property and funnel results
// carry exactly the expected numbers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAdminOp } from '../helpers/admin.ts';
import { World, chromiumSkip } from './browser-helper.ts';

const OWNER = { email: 'owner@site.test', password: 'goals tracker owner password' };
/** One Chrome each, told apart by version: the visitor id hashes the user agent (all come from 127.0.0.1). */
const visitor = (n: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/12${n}.0.0.0 Safari/537.36`;

const SHOP = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script>window.inkling=window.inkling||function(){(inkling.q=inkling.q||[]).push(arguments)}</script>
<script defer src="{{INKLING}}/js/script.js"></script></head><body><h1>Shop</h1></body></html>`;

describe('goals from the tracker', { skip: chromiumSkip() }, () => {
  const world = new World();
  let session = { cookie: '', csrf: '' };

  const api = async (method: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(world.inkling.url + path, {
      method,
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const query = async (body: Record<string, unknown>) => (await api('POST', '/api/v2/query', { site_id: 'site.test', date_range: 'day', ...body })).json.results;

  /** One visitor's visit: the pricing page, then custom events sent through the page's tracker. */
  async function visit(n: number, events: string[]): Promise<void> {
    const page = await world.page({ userAgent: visitor(n) });
    await page.goto(world.url('/shop/pricing'));
    for (const call of events) await page.evaluate(`new Promise((resolve) => inkling(${call.slice(0, -1)}, callback: resolve }))`);
    await world.settled(page);
    await page.context().close();
  }

  before(async () => {
    await world.start();
    world.addPage('shop', SHOP.replace('{{INKLING}}', world.inkling.url));
    await runAdminOp(world.inkling.dataDir, 'user.add', { ...OWNER, role: 'owner' });
    const res = await fetch(`${world.inkling.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    assert.equal(res.status, 200, await res.clone().text());
    session = { cookie: res.headers.getSetCookie()[0]!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    for (const goal of [{ page_path: '/shop/pricing' }, { event_name: 'Signup' }, { event_name: 'Purchase', currency: 'EUR' }]) {
      assert.equal((await api('POST', '/api/sites/site.test/goals', goal)).status, 201);
    }
    await visit(1, [`'Signup', { props: { plan: 'pro' } }`, `'Purchase', { props: { plan: 'pro' }, revenue: { amount: '49.90', currency: 'EUR' } }`]);
    await visit(2, [`'Signup', { props: { plan: 'free' } }`]);
    await visit(3, []);
    await world.waitForEvents('/shop/', 6);
  });
  after(() => world.close());

  test('goals: converted visitors, conversions, conversion rate and revenue', async () => {
    assert.deepEqual(await query({ metrics: ['converted_visitors', 'conversions', 'conversion_rate', 'total_revenue'], dimensions: ['event:goal'] }), [
      { dimensions: ['Visit /shop/pricing'], metrics: [3, 3, 100, null] },
      { dimensions: ['Signup'], metrics: [2, 2, 66.67, null] },
      { dimensions: ['Purchase'], metrics: [1, 1, 33.33, 49.9] },
    ]);
  });

  test('properties: the key, then its values', async () => {
    assert.deepEqual(await query({ metrics: ['visitors', 'events'], dimensions: ['event:prop_key'] }), [{ dimensions: ['plan'], metrics: [2, 3] }]);
    assert.deepEqual(await query({ metrics: ['visitors', 'events'], dimensions: ['event:props:plan'], filters: [['is', 'event:prop_key', ['plan']]] }), [
      { dimensions: ['free'], metrics: [1, 1] },
      { dimensions: ['pro'], metrics: [1, 2] },
    ]);
  });

  test('funnel: pricing, then signup, then purchase', async () => {
    const res = await api('POST', '/api/v2/funnel', { site_id: 'site.test', date_range: 'day', steps: [{ page_path: '/shop/pricing' }, { event_name: 'Signup' }, { event_name: 'Purchase' }] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual((res.json.steps as Array<{ visitors: number }>).map((s) => s.visitors), [3, 2, 1]);
  });
});
