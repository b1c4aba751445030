// Switching from Umami without editing pages: a page posting exactly what Umami's tracker posts
// to /api/send is counted, and the answer is what that tracker reads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, chromiumSkip } from './browser-helper.ts';

describe('Umami clients', { skip: chromiumSkip() }, () => {
  const world = new World();
  before(() => world.start());
  after(() => world.close());

  test('a pageview and a custom event sent the Umami way are stored, and each answer parses as JSON', async () => {
    const page = await world.page();
    await page.goto(world.url('/umami/checkout?utm_source=umami'));
    await page.waitForFunction(() => (window as unknown as { umamiResults: unknown[] }).umamiResults.length === 2);
    const results = await page.evaluate(() => (window as unknown as { umamiResults: Array<Record<string, unknown>> }).umamiResults);
    for (const result of results) {
      assert.equal(result.error, undefined, JSON.stringify(result));
      assert.equal(result.status, 200);
      // Umami's tracker stops sending for good when the answer says { disabled: true }.
      assert.notEqual((result.data as { disabled?: unknown } | null)?.disabled, true);
    }

    const rows = await world.waitForEvents('/umami/checkout', 2);
    assert.deepEqual(rows.map((r) => [r.name, r.props]).sort(), [['Signup', { plan: 'pro', seats: '3' }], ['pageview', null]]);
    assert.ok(rows.every((r) => r.site === 'site.test' && r.utm_source === 'umami' && r.screen_width === 1280 && r.title === 'Umami client fixture'));
    await page.context().close();
  });
});
