// Pageviews in a real browser: on load, SPA navigation, hash routing and manual mode.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, chromiumSkip, type Row } from './browser-helper.ts';

const pageviews = (rows: Row[]) => rows.filter((row) => row.name === 'pageview');

describe('pageviews', { skip: chromiumSkip() }, () => {
  const world = new World();
  before(() => world.start());
  after(() => world.close());

  test('a page load sends one pageview as a text/plain POST, with no cookie or storage left behind', async () => {
    const page = await world.page();
    const posts: Array<{ headers: Record<string, string>; body: unknown }> = [];
    page.on('request', (r) => r.url().endsWith('/api/event') && posts.push({ headers: r.headers(), body: r.postDataJSON() }));
    await page.goto(world.url('/pageviews/load?utm_source=newsletter&token=secret'));
    await world.settled(page);

    const [row, ...rest] = await world.waitForEvents('/pageviews/load', 1);
    assert.equal(rest.length, 0);
    assert.equal(row!.name, 'pageview');
    assert.equal(row!.site, 'site.test');
    assert.equal(row!.hostname, 'site.test');
    assert.equal(row!.title, 'Pageviews fixture');
    assert.equal(row!.utm_source, 'newsletter');
    assert.equal(row!.screen_width, 1280);
    assert.equal(row!.screen_height, 800);
    assert.equal(row!.browser, 'Chrome');

    assert.equal(posts.length, 1);
    // text/plain keeps the cross-origin POST a "simple request": no preflight round trip.
    assert.match(posts[0]!.headers['content-type'] ?? '', /^text\/plain/);
    assert.equal(posts[0]!.headers.cookie, undefined);
    assert.deepEqual(posts[0]!.body, {
      n: 'pageview',
      u: world.url('/pageviews/load?utm_source=newsletter&token=secret'),
      d: 'site.test',
      r: '',
      t: 'Pageviews fixture',
      s: '1280x800',
      h: false,
    });
    assert.deepEqual(await page.context().cookies(), []);
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    await page.context().close();
  });

  test('SPA: a pushState to a new path counts; the same path again, replaceState and anchors do not; back does', async () => {
    const page = await world.page();
    await world.perform(page, [() => page.goto(world.url('/pageviews/spa'))]);
    const push = (url: string) => () => page.evaluate((u) => history.pushState({}, '', u), url);
    await world.perform(page, [
      push('/pageviews/spa/a'),
      push('/pageviews/spa/a?tab=2'), // a query change on the same page
      push('/pageviews/spa/a'), // a router re-pushing the current path
      () => page.click('#anchor'), // an in-page jump
      () => page.evaluate(() => history.replaceState({}, '', '/pageviews/spa/redirected')),
      // Back to /pageviews/spa: popstate.
      () => Promise.all([page.waitForURL(world.url('/pageviews/spa')), page.evaluate(() => history.go(-4))]),
    ]);

    const rows = pageviews(await world.waitForEvents('/pageviews/spa', 3));
    assert.deepEqual(rows.map((r) => r.pathname), ['/pageviews/spa', '/pageviews/spa/a', '/pageviews/spa']);
    await page.context().close();
  });

  test('hash routing (data-hash): each #/route is a page, and back counts too', async () => {
    const page = await world.page();
    await world.perform(page, [
      () => page.goto(world.url('/hash/')),
      () => page.click('#to-about'),
      () => page.click('#to-pricing'),
      () => Promise.all([page.waitForURL(world.url('/hash/#/about')), page.goBack()]),
    ]);

    const rows = pageviews(await world.waitForEvents('/hash/', 4));
    assert.deepEqual(rows.map((r) => r.pathname), ['/hash/', '/hash/#/about', '/hash/#/pricing', '/hash/#/about']);
    await page.context().close();
  });

  test('manual mode (data-manual): only the pageview the page sends, with its own URL', async () => {
    const page = await world.page();
    await page.goto(world.url('/manual/user/123'));
    await page.evaluate(() => history.pushState({}, '', '/manual/user/456'));
    await world.settled(page);

    const rows = pageviews(await world.waitForEvents('/manual/', 1));
    assert.deepEqual(rows.map((r) => r.pathname), ['/manual/user/:id']);
    await page.context().close();
  });

});
