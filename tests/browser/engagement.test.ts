// Engagement in a real browser: time on page counted only while visible and focused, the
// deepest scroll, sent when the page is left and on SPA navigation. Time is Playwright's fake
// clock, so the milliseconds are exact.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { World, chromiumSkip, type Row } from './browser-helper.ts';

/**
 * Headless pages are always visible and focused. This lets a test hide or blur the page:
 * window.__hidden / window.__blurred override the real state while set, and the real state
 * (e.g. hidden while unloading) shows through when they are deleted.
 */
const VISIBILITY_CONTROL = `(() => {
  const hidden = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden').get;
  const state = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState').get;
  const hasFocus = Document.prototype.hasFocus;
  Object.defineProperty(document, 'hidden', { get() { return window.__hidden ?? hidden.call(document); } });
  Object.defineProperty(document, 'visibilityState', { get() { return window.__hidden ? 'hidden' : state.call(document); } });
  document.hasFocus = () => !window.__blurred && hasFocus.call(document);
})();`;

const START = Date.parse('2026-06-15T12:00:00Z');

const engagement = (rows: Row[]) => rows.filter((r) => r.name === 'engagement').map((r) => [r.pathname, r.engaged_ms, r.scroll_depth]);

describe('engagement', { skip: chromiumSkip() }, () => {
  const world = new World();
  before(() => world.start());
  after(() => world.close());

  /** A page whose clock stands still unless the test moves it. */
  async function open(pathname: string): Promise<Page> {
    const page = await world.page({ init: VISIBILITY_CONTROL });
    await page.clock.install({ time: START });
    await page.clock.pauseAt(START + 1000);
    await world.perform(page, [() => page.goto(world.url(pathname))]);
    return page;
  }

  const set = (page: Page, state: { hidden?: boolean; blurred?: boolean }, event: 'visibilitychange' | 'blur' | 'focus') =>
    page.evaluate(
      ([s, e]) => {
        const w = window as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(s)) {
          if (value) w[`__${key}`] = true;
          else delete w[`__${key}`];
        }
        // The real visibilitychange bubbles from document to window, where the tracker listens.
        (e === 'visibilitychange' ? document : window).dispatchEvent(new Event(e, { bubbles: true }));
      },
      [state, event] as const,
    );

  test('counts time only while visible and focused; sends on hide and on leaving, with the deepest scroll', async () => {
    const page = await open('/engagement/read');
    await world.perform(page, [
      () => page.clock.runFor(4000), // reading
      () => set(page, { hidden: true }, 'visibilitychange'), // switched tab: sends 4 s, first screen (23 %)
      () => page.clock.runFor(10_000), // away: not counted
      () => set(page, { hidden: false }, 'visibilitychange'),
      () => page.clock.runFor(2000),
      () => set(page, { blurred: true }, 'blur'), // another window in front
      () => page.clock.runFor(5000), // not counted
      () => set(page, { blurred: false }, 'focus'),
      () => page.clock.runFor(1000),
      () => page.evaluate(() => scrollTo(0, 1000)), // (1000 + 700) / 3000 = 57 %
      () => page.evaluate(() => scrollTo(0, 0)), // the deepest point counts, not the last
      () => page.goto(world.url('/pageviews/after-engagement')), // leaving: a real unload
    ]);

    assert.deepEqual(engagement(await world.waitForEvents('/engagement/read', 3)), [
      ['/engagement/read', 4000, 23],
      ['/engagement/read', 3000, 57],
    ]);
    await page.context().close();
  });

  test('SPA navigation sends the previous page\'s engagement, under its own URL', async () => {
    const page = await open('/engagement/spa');
    await world.perform(page, [
      () => page.clock.runFor(3000),
      () => page.evaluate(() => scrollTo(0, 3000)), // to the bottom: 100 %
      () => page.evaluate(() => history.pushState({}, '', '/engagement/spa/next')),
      () => page.evaluate(() => scrollTo(0, 0)), // routers start the next page at the top
      () => page.clock.runFor(1500),
      () => page.goto(world.url('/pageviews/after-spa')),
    ]);

    const rows = await world.waitForEvents('/engagement/spa', 4);
    assert.deepEqual(engagement(rows), [
      ['/engagement/spa', 3000, 100],
      ['/engagement/spa/next', 1500, 23],
    ]);
    assert.deepEqual(rows.filter((r) => r.name === 'pageview').map((r) => r.pathname), ['/engagement/spa', '/engagement/spa/next']);
    await page.context().close();
  });

  test('a page left without any engaged time sends no engagement', async () => {
    const page = await open('/engagement/none');
    await world.perform(page, [
      () => set(page, { hidden: true }, 'visibilitychange'), // hidden at once, clock still
      () => page.goto(world.url('/pageviews/after-none')),
    ]);
    await world.waitForEvents('/pageviews/after-none', 1);
    assert.deepEqual((await world.events('/engagement/none')).map((r) => r.name), ['pageview']);
    await page.context().close();
  });
});
