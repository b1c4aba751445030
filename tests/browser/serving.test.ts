// Serving and sending in a real browser: the first-party aliases (--script-path, --event-path)
// and data-api pointing the tracker at a collect URL other than its script's origin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, chromiumSkip } from './browser-helper.ts';

describe('first-party paths', { skip: chromiumSkip() }, () => {
  const world = new World({ serverArgs: ['--script-path', '/assets/app.js', '--event-path', '/assets/e'] });
  before(() => world.start());
  after(() => world.close());

  test('the script is served at --script-path and data-api sends to --event-path', async () => {
    const page = await world.page();
    const requested: string[] = [];
    page.on('request', (r) => r.url().startsWith(world.inkling.url) && requested.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await page.goto(world.url('/proxied/page'));
    await world.settled(page);

    assert.deepEqual(requested, ['GET /assets/app.js', 'POST /assets/e']);
    const [row, ...rest] = await world.waitForEvents('/proxied/page', 1);
    assert.equal(rest.length, 0);
    assert.equal(row!.name, 'pageview');
    await page.context().close();
  });
});
