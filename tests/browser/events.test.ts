// Events in a real browser: custom events and the queue stub, tagged elements, outbound links,
// file downloads (default and configured types) and 404 pages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, chromiumSkip, type Row } from './browser-helper.ts';

/** The events the clicks caused, as [name, props] in arrival order (events.html also queues "Early"). */
const custom = (rows: Row[]) => rows.filter((r) => !['pageview', 'engagement', 'Early'].includes(String(r.name))).map((r) => [r.name, r.props]);

describe('events', { skip: chromiumSkip() }, () => {
  const world = new World();
  before(() => world.start());
  after(() => world.close());

  test('custom events: a call queued before load is replayed; props, revenue and callback work', async () => {
    const page = await world.page();
    await page.goto(world.url('/events/custom'));
    // As page source text: tsx would wrap a function's inner callbacks in a helper the page lacks.
    const status = await page.evaluate(`new Promise((resolve) =>
      inkling('Purchase', {
        props: { plan: 'pro', seats: 3 },
        revenue: { amount: '12.50', currency: 'EUR' },
        callback: (response) => resolve(response.status),
      }))`);
    assert.equal(status, 202);
    await world.settled(page);

    // Sent concurrently, so stored in any order.
    const rows = (await world.waitForEvents('/events/custom', 3)).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    assert.deepEqual(rows.map((r) => [r.name, r.props, r.revenue]), [
      ['Early', { when: 'before load' }, null],
      ['pageview', null, null],
      ['Purchase', { plan: 'pro', seats: '3' }, 12.5],
    ]);
    await page.context().close();
  });

  test('tagged elements: data-inkling-event and data-inkling-prop-*, forms on submit only', async () => {
    const page = await world.page();
    await page.goto(world.url('/events/tagged'));
    await world.perform(page, [
      () => page.click('#signup-label'), // inside the tagged button
      () => page.click('#plain'),
      () => page.click('#email'), // inside the tagged form: not a submission
      () => page.click('#subscribe'),
      // A tagged outbound link: the tag wins, once (and the page leaves).
      () => Promise.all([page.waitForURL(/other\.test/), page.click('#tagged-link')]),
    ]);

    assert.deepEqual(custom(await world.events('/events/tagged')), [
      ['Signup', { plan: 'pro', source: 'hero' }],
      ['Newsletter', { list: 'weekly' }],
      ['Partner click', null], // no props: stored as none
    ]);
    await page.context().close();
  });

  test('links: outbound clicks (also middle clicks) and default download types; internal, mailto and right clicks are not events', async () => {
    const page = await world.page();
    await page.goto(world.url('/events/links'));
    await world.perform(page, [
      () => page.click('#outbound', { button: 'middle' }), // opens a tab, this page stays
      () => page.click('#outbound', { button: 'right' }),
      () => page.click('#internal'),
      () => page.click('#mail'),
      () => page.click('#pdf'),
      () => page.click('#csv'),
      () => page.click('#md'),
      // Leaves the page at once: the request outlives it (keepalive), no delayed navigation.
      () => Promise.all([page.waitForURL(/other\.test/), page.click('#outbound')]),
    ]);

    const outbound = ['Outbound Link: Click', { url: world.url('/pricing?ref=fixture', 'other.test') }];
    assert.deepEqual(custom(await world.events('/events/links')), [
      outbound,
      // Query strings (here a token) are not part of a download's URL.
      ['File Download', { url: world.url('/files/report.pdf') }],
      ['File Download', { url: world.url('/files/DATA.CSV') }],
      outbound,
    ]);
    await page.context().close();
  });

  test('file types: data-file-types replaces the default list, data-include-file-types adds to it', async () => {
    const replaced = await world.page();
    await replaced.goto(world.url('/filetypes/'));
    await world.perform(replaced, [() => replaced.click('#md'), () => replaced.click('#epub'), () => replaced.click('#pdf')]);
    assert.deepEqual(custom(await world.events('/filetypes/')), [
      ['File Download', { url: world.url('/files/notes.md') }],
      ['File Download', { url: world.url('/files/book.epub') }],
    ]);

    const added = await world.page();
    await added.goto(world.url('/moretypes/'));
    await world.perform(added, [() => added.click('#md'), () => added.click('#pdf')]);
    assert.deepEqual(custom(await world.events('/moretypes/')), [
      ['File Download', { url: world.url('/files/notes.md') }],
      ['File Download', { url: world.url('/files/report.pdf') }],
    ]);
    await replaced.context().close();
    await added.context().close();
  });

  test('404 pages: the not-found page sends a "404" event with the path', async () => {
    const page = await world.page();
    const response = await page.goto(world.url('/no-such-page'));
    assert.equal(response?.status(), 404);
    await world.settled(page);

    const rows = await world.waitForEvents('/no-such-page', 2);
    assert.deepEqual(rows.map((r) => [r.name, r.props]), [
      ['pageview', null],
      ['404', { path: '/no-such-page' }],
    ]);
    await page.context().close();
  });
});
