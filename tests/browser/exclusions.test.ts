// Exclusions in a real browser: automated browsers, local pages, the visitor's opt-out, DNT and GPC.
// A skipped page sends nothing at all; each test ends with a counted control page, so "nothing
// stored" is checked after something sent later has arrived.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { World, chromiumSkip, type PageOptions } from './browser-helper.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

describe('exclusions', { skip: chromiumSkip() }, () => {
  const world = new World();
  before(() => world.start());
  after(() => world.close());

  /** inkling()'s callback gets the Response when sent and nothing when skipped. */
  const probe = (page: Page): Promise<boolean> =>
    page.evaluate(`new Promise((resolve) => inkling('Probe', { callback: (response) => resolve(response !== undefined) }))`);

  /** Loads `url`, asserts the tracker sent nothing and stored nothing, using a counted page as the control. */
  async function assertSkipped(url: string, prefix: string, opts: PageOptions = {}): Promise<void> {
    const page = await world.page(opts);
    let collects = 0;
    page.on('request', (r) => r.url().includes('/api/event') && collects++);
    await page.goto(url);
    await page.waitForFunction(() => typeof window.inkling === 'function');
    assert.equal(await probe(page), false, `${url}: inkling() reports the hit as sent`);
    await world.settled(page);
    assert.equal(collects, 0, `${url}: a collect request was made`);
    await page.context().close();

    const control = await world.page();
    const controlPath = `/pageviews/control${prefix}`;
    await control.goto(world.url(controlPath));
    await world.waitForEvents(controlPath, 1);
    assert.deepEqual(await world.events(prefix), [], `${url}: something was stored`);
    await control.context().close();
  }

  test('an automated browser (navigator.webdriver) is skipped by default', async () => {
    await assertSkipped(world.url('/pageviews/automated'), '/pageviews/automated', { automated: true });
  });

  test('localhost, 127.0.0.1 and file: pages are skipped unless data-local', async () => {
    await assertSkipped(world.url('/pageviews/loopback', '127.0.0.1'), '/pageviews/loopback');
    await assertSkipped(world.url('/pageviews/localhost', 'localhost'), '/pageviews/localhost');
    const dir = tmpDir();
    try {
      const file = path.join(dir, 'page.html');
      fs.writeFileSync(file, world.fixture('pageviews'));
      await assertSkipped(`file://${file}`, dir);
    } finally {
      removeDir(dir);
    }

    const page = await world.page();
    await page.goto(world.url('/local/counted', '127.0.0.1'));
    const [row] = await world.waitForEvents('/local/counted', 1);
    assert.equal(row!.site, 'site.test'); // from data-domain
    assert.equal(row!.hostname, '127.0.0.1');
    await page.context().close();
  });

  test('localStorage.inkling_ignore = "true" opts the visitor out, read on every hit', async () => {
    await assertSkipped(world.url('/pageviews/ignored'), '/pageviews/ignored', { init: `localStorage.setItem('inkling_ignore', 'true')` });

    const page = await world.page();
    await page.goto(world.url('/pageviews/opt-out-later'));
    await page.evaluate(() => localStorage.setItem('inkling_ignore', 'true'));
    assert.equal(await probe(page), false);
    await page.evaluate(() => localStorage.removeItem('inkling_ignore'));
    assert.equal(await probe(page), true);
    await world.settled(page);
    assert.deepEqual((await world.events('/pageviews/opt-out-later')).map((r) => r.name).sort(), ['Probe', 'pageview']);
    await page.context().close();
  });

  test('DNT and GPC are respected with data-respect-dnt, and only then', async () => {
    const dnt = `Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })`;
    const gpc = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })`;
    await assertSkipped(world.url('/dnt/dnt'), '/dnt/dnt', { init: dnt });
    await assertSkipped(world.url('/dnt/gpc'), '/dnt/gpc', { init: gpc });

    for (const [pathname, init] of [['/dnt/neither', ''], ['/pageviews/dnt-not-respected', dnt]] as const) {
      const page = await world.page({ init });
      await page.goto(world.url(pathname));
      await world.waitForEvents(pathname, 1);
      await page.context().close();
    }
  });
});
