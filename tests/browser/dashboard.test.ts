// The dashboard in Chromium over a real server and a store seeded with known visits: the
// numbers, the chart and the map; filtering by a row; date ranges; back/forward; realtime;
// details; a 360 px screen; whole-page states. Screenshots go to test-artifacts/dashboard/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { seedEvents, seedSite } from '../helpers/seed.ts';
import { expected, fixtureEvents, SITE, VISITS, within } from './dashboard-fixture.ts';
import { DashboardWorld, clickUntilUrl, dashboardSkip, eventually, expectStat, panelRows, waitReady } from './dashboard-helper.ts';

const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const isoDay = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

describe('dashboard', { skip: dashboardSkip() }, () => {
  const world = new DashboardWorld();
  before(() =>
    world.start({
      seed: async (db) => {
        await seedEvents(db, fixtureEvents(Date.now()));
        await seedSite(db, 'new.example', 'UTC');
      },
    }),
  );
  after(() => world.close());

  test('loads with the right numbers, the chart and the map', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}`);
    const month = expected(within(30));
    await expectStat(page, 'visitors', String(month.visitors));
    await expectStat(page, 'visits', String(month.visitors));
    await expectStat(page, 'pageviews', String(month.pageviews));
    assert.equal((await page.locator('[data-testid="current-visitors"]').textContent())?.trim(), '1');

    const pages = await panelRows(page, 'pages');
    assert.deepEqual(pages[0], ['/', String(month.visitorsOf('/'))]);
    assert.ok(pages.some(([label, value]) => label === '/pricing' && value === String(month.visitorsOf('/pricing'))));
    const sources = await panelRows(page, 'sources');
    assert.deepEqual(sources.map(([l]) => l).sort(), ['Direct', 'Organic Search', 'Referral']);

    // The map shades exactly the countries the range's visitors came from.
    assert.equal(await page.locator('[data-testid="world-map"] path.has-data').count(), month.countries);
    assert.ok(await page.locator('[data-testid="main-chart"] canvas').count());
    const events = await panelRows(page, 'events');
    assert.deepEqual(events.map(([l, v]) => [l, v]), [['Signup', '2']]);

    await world.screenshot(page, 'desktop-light');
    assert.deepEqual(world.problems.get(page), { errors: [], dialogs: [] });
    await page.context().close();

    const dark = await world.page({ dark: true });
    await world.open(dark, `/${SITE}?compare=previous`);
    await world.screenshot(dark, 'desktop-dark');
    await dark.context().close();
  });

  test('clicking a row filters by it', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}`);
    await clickUntilUrl(page, page.locator('[data-testid="panel-pages"] .bar-label', { hasText: /^\/pricing$/ }), /[?&]f=is,page,\/pricing/);
    assert.equal((await page.locator('[data-testid="filter-chip"]').textContent())?.replace(/\s+/g, ' ').trim(), 'Page is /pricing');
    await expectStat(page, 'visitors', String(expected(within(30)).visitorsOf('/pricing')));
    // A second click elsewhere adds a second filter: Germany, from the Countries list.
    await page.locator('[data-testid="panel-locations"] [role="tab"]', { hasText: 'Countries' }).click();
    await clickUntilUrl(page, page.locator('[data-testid="panel-locations"] .bar-label', { hasText: 'Germany' }), /f=is,country,DE/);
    const both = within(30).filter((v) => v.pages.includes('/pricing') && v.country === 'DE').length;
    await expectStat(page, 'visitors', String(both));
    await page.context().close();
  });

  test('changing the date range: menu, keyboard shortcut and custom range', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}`);
    await page.click('[data-testid="date-picker"]');
    await page.getByRole('menuitemradio', { name: /Yesterday/ }).click();
    await page.waitForURL(new RegExp(`period=day&date=${isoDay(1)}`));
    await expectStat(page, 'visitors', String(expected(within(1)).visitors));
    assert.match((await page.locator('[data-testid="date-picker"]').textContent()) ?? '', /Yesterday/);

    await page.keyboard.press('w');
    await page.waitForURL(/period=7d/);
    await expectStat(page, 'visitors', String(expected(within(7)).visitors));

    await page.keyboard.press('c');
    const from = isoDay(13);
    const to = isoDay(11);
    await page.locator('.custom-range input').first().fill(from);
    await page.locator('.custom-range input').last().fill(to);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`period=custom&from=${from}&to=${to}`));
    await expectStat(page, 'visitors', String(VISITS.filter((v) => v.daysAgo >= 11 && v.daysAgo <= 13).length));
    await page.context().close();
  });

  test('back and forward restore each view', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}`);
    const all = expected(within(30));
    await page.locator('[data-testid="panel-pages"] .bar-label', { hasText: /^\/docs$/ }).click();
    await expectStat(page, 'visitors', String(all.visitorsOf('/docs')));
    await page.keyboard.press('e'); // Yesterday
    await page.waitForURL(/period=day/);
    await expectStat(page, 'visitors', String(expected(within(1)).visitorsOf('/docs')));

    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('period=') && u.search.includes('f=is,page,/docs'));
    await expectStat(page, 'visitors', String(all.visitorsOf('/docs')));
    await page.goBack();
    await page.waitForURL((u) => u.search === '');
    await expectStat(page, 'visitors', String(all.visitors));
    assert.equal(await page.locator('[data-testid="filter-chip"]').count(), 0);
    await page.goForward();
    await expectStat(page, 'visitors', String(all.visitorsOf('/docs')));
    await page.context().close();
  });

  test('realtime: the last 30 minutes, refreshing by itself', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}?period=realtime`);
    await page.locator('[data-testid="realtime-note"]').waitFor();
    await expectStat(page, 'visitors', '1');
    assert.deepEqual((await panelRows(page, 'pages')).map(([l]) => l), ['/']);
    await world.screenshot(page, 'realtime');

    // A new visitor arrives through the pixel; the open page shows it without a reload.
    const hit = await fetch(`${world.server.url}/pixel.gif?d=${SITE}&path=/just-arrived`, { headers: { 'user-agent': CHROME_UA } });
    assert.equal(hit.status, 200);
    assert.equal(hit.headers.get('x-inkling-dropped'), null);
    await page.locator('[data-testid="panel-pages"] .bar-label', { hasText: '/just-arrived' }).waitFor({ timeout: 25_000 });
    await expectStat(page, 'visitors', '2');
    assert.equal((await page.locator('[data-testid="current-visitors"]').textContent())?.trim(), '2');
    await page.context().close();
  });

  test('details: the full list with search, pagination and CSV export', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}`);
    await page.locator('[data-testid="panel-pages"] .details-button').click();
    await page.waitForURL(/detail=pages/);
    const dialog = page.locator('[data-testid="details"]');
    const allPages = new Set(within(30).flatMap((v) => v.pages));
    await dialog.locator('tbody tr').nth(allPages.size - 1).waitFor();
    assert.equal(await dialog.locator('tbody tr').count(), allPages.size);
    assert.match((await dialog.locator('.details-foot').textContent()) ?? '', new RegExp(`1–${allPages.size} of ${allPages.size}`));
    await world.screenshot(page, 'details');

    await dialog.locator('input[type="search"]').fill('DOC');
    await page.waitForURL(/q=DOC/);
    // Search ignores case.
    await eventually(() => dialog.locator('tbody th').allTextContents(), ['/docs', '/docs/install']);

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /Export CSV/ }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /^\ufeff?page,visitors,pageviews,bounce_rate,time_on_page\r\n/);
    assert.match(csv, /\r\n\/docs,\d+,\d+/);

    await page.keyboard.press('Escape');
    await page.waitForURL((u) => !u.search.includes('detail='));
    assert.equal(await dialog.count(), 0);
    await page.context().close();
  });

  test('360 px wide: nothing overflows, every panel is there', async () => {
    for (const dark of [false, true]) {
      const page = await world.page({ width: 360, height: 780, dark });
      await world.open(page, `/${SITE}?compare=previous`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'the page scrolls sideways');
      for (const panel of ['pages', 'sources', 'locations', 'devices', 'events']) assert.ok(await page.locator(`[data-testid="panel-${panel}"]`).isVisible());
      await world.screenshot(page, dark ? 'mobile-dark' : 'mobile-light');
      assert.deepEqual(world.problems.get(page)?.errors, []);
      await page.context().close();
    }
  });

  test('keyboard: every control is reachable and shows where focus is', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}`);
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        if (el === document.body) return null;
        const style = getComputedStyle(el);
        // The focus ring is a 2 px accent ring (box-shadow) or an outline: not merely any shadow.
        const ring = /0px 0px 0px [24]px/.test(style.boxShadow) || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2);
        return { name: `${el.tagName} ${el.textContent?.trim().slice(0, 20) ?? ''}`, ring };
      });
      if (!focus) break; // past the last control
      assert.ok(focus.ring, `no visible focus on ${focus.name}`);
      seen.add(focus.name);
    }
    for (const control of ['BUTTON Filter', 'BUTTON Last 30 days', 'BUTTON Unique visitors', 'BUTTON Top pages', 'BUTTON /pricing', 'BUTTON Details']) {
      assert.ok([...seen].some((n) => n.startsWith(control)), `${control} is not reachable by keyboard: ${[...seen].join(', ')}`);
    }
    // Tabs move with the arrow keys.
    await page.locator('[data-testid="panel-sources"] [role="tab"][aria-selected="true"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/sources=sources/);
    await page.context().close();
  });

  test('the site list, a site without data and a refused API', async () => {
    const page = await world.page();
    await page.goto(world.url('/sites'));
    await page.locator('[data-testid="site-list"]').getByText(SITE).click();
    await page.waitForURL(new RegExp(`/${SITE.replace('.', '\\.')}$`));
    await waitReady(page);

    await world.open(page, '/new.example');
    const snippet = (await page.locator('[data-testid="snippet"]').textContent()) ?? '';
    assert.match(snippet, /data-domain="new\.example"/);
    assert.match(snippet, /\/pixel\.gif\?d=new\.example/);
    await world.screenshot(page, 'install-guide');
    // The first pageview arrives: the page turns into today's dashboard by itself.
    await fetch(`${world.server.url}/pixel.gif?d=new.example&path=/hello`, { headers: { 'user-agent': CHROME_UA } });
    await page.locator('[data-testid="panel-pages"] .bar-label', { hasText: '/hello' }).waitFor({ timeout: 20_000 });
    assert.match(page.url(), /period=day/);

    await world.open(page, '/missing.example');
    await page.locator('[data-testid="site-not-found"]').waitFor();
    await page.context().close();

    // Nobody signed in: the real API refuses, and the page offers the login.
    const refused = await world.page({ signedIn: false });
    await refused.goto(world.url(`/${SITE}`));
    await refused.locator('[data-testid="sign-in"]').waitFor();
    await refused.locator('[data-testid="sign-in-link"]').click();
    await refused.waitForURL(/\/login\?next=/);
    await refused.context().close();
  });

  test('HTML and assets: strict CSP, long-lived hashed assets, routes that do not shadow others', async () => {
    const html = await fetch(world.url(`/${SITE}`));
    const csp = html.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const body = await html.text();
    assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script>');
    assert.doesNotMatch(body, /<style|style=/, 'no inline styles');
    const asset = /src="(\/static\/assets\/[^"]+\.js)"/.exec(body)![1]!;
    const js = await fetch(world.url(asset));
    assert.equal(js.status, 200);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(world.url('/favicon.ico'))).status, 404);
    assert.equal((await fetch(world.url('/static/assets/..%2F..%2Fpackage.json'))).status, 404);
    assert.equal((await fetch(world.url('/healthz'))).status, 200);
  });
});
