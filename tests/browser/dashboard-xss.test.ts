// Stored strings are shown as text, never run: an XSS corpus goes in through the collect
// endpoints (paths, referrers, UTM fields, event names, property keys and values), then
// Chromium opens every view that shows them. Nothing may execute, no CSP violation may even be
// attempted, no injected element may exist, and each stored value must read back literally.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SITE } from './dashboard-fixture.ts';
import { DashboardWorld, dashboardSkip } from './dashboard-helper.ts';

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg/onload=window.__xss=3>',
  "'><iframe srcdoc='<script>parent.__xss=4</script>'>",
  'javascript:window.__xss=5',
  '</textarea></title><script>window.__xss=6</script>',
  "{{constructor.constructor('window.__xss=7')()}}",
  '${window.__xss=8}',
  '<a href="javascript:window.__xss=9">click</a>',
  '<style>body{display:none}</style>',
  '&lt;b&gt;entity&lt;/b&gt; &amp; &#x3C;i&#x3E;',
  'ʼ onmouseover=window.__xss=10 x=ʼ',
  '\u202egnp.exe<b>rtl</b>',
];

const ua = (i: number) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.${i}.0 Safari/537.36`;

async function ingest(base: string): Promise<void> {
  let i = 0;
  for (const payload of PAYLOADS) {
    const utm = ['source', 'medium', 'campaign', 'content', 'term'].map((f) => `utm_${f}=${encodeURIComponent(payload)}`).join('&');
    const event = await fetch(`${base}/api/event`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': ua(i++) },
      body: JSON.stringify({ n: 'pageview', u: `https://${SITE}/a/${encodeURIComponent(payload)}?${utm}`, d: SITE, r: `https://evil.example/${encodeURIComponent(payload)}`, s: '1440x900' }),
    });
    assert.equal(event.headers.get('x-inkling-dropped'), null, `dropped: ${payload}`);
    const custom = await fetch(`${base}/api/event`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': ua(i++) },
      body: JSON.stringify({ n: payload, u: `https://${SITE}/custom`, d: SITE, p: { xss: payload, [payload.slice(0, 40)]: 'key' } }),
    });
    assert.equal(custom.headers.get('x-inkling-dropped'), null, `dropped: ${payload}`);
    const pixel = await fetch(`${base}/pixel.gif?d=${SITE}&path=${encodeURIComponent('/p/' + payload)}&title=${encodeURIComponent(payload)}&referrer=${encodeURIComponent('https://pixel.example/?q=' + payload)}`, {
      headers: { 'user-agent': ua(i++) },
    });
    assert.equal(pixel.headers.get('x-inkling-dropped'), null, `dropped: ${payload}`);
  }
}

/** Everything that would show that injected markup or script got anywhere. */
async function injectionTraces(page: Page): Promise<unknown> {
  return page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
    scripts: document.scripts.length,
    foreign: document.querySelectorAll('iframe, img[src="x"], svg[onload], [onerror], [onmouseover], a[href^="javascript"], style:not([data-vite-dev-id])').length,
    bodyVisible: getComputedStyle(document.body).display !== 'none',
  }));
}

describe('dashboard: stored strings are text', { skip: dashboardSkip() }, () => {
  const world = new DashboardWorld();
  let stored: Array<Record<string, unknown>> = [];
  before(async () => {
    await world.start({ seed: async () => undefined });
    await ingest(world.server.url);
    stored = (await world.server.events()).filter((e) => e.site === SITE);
    assert.equal(stored.length, PAYLOADS.length * 3);
  });
  after(() => world.close());

  /** Distinct stored values of an event column (what the dashboard must show literally). */
  const values = (column: string) => [...new Set(stored.map((e) => e[column]).filter((v): v is string => typeof v === 'string' && v !== ''))];

  const views: [string, string, () => string[]][] = [
    ['pages', 'detail=pages', () => values('pathname')],
    ['referrers', 'detail=sources&sources=referrers', () => values('referrer')],
    ['sources', 'detail=sources&sources=sources', () => values('source')],
    ...(['source', 'medium', 'campaign', 'content', 'term'] as const).map((f): [string, string, () => string[]] => [`utm_${f}`, `detail=sources&sources=utm_${f}`, () => values(`utm_${f}`)]),
    ['event names', 'detail=events', () => values('name').filter((n) => n !== 'pageview' && n !== 'engagement')],
    ['property values', 'detail=events&events=props&prop=xss', () => [...new Set(stored.flatMap((e) => (e.props as Record<string, string> | null)?.xss ?? []))]],
  ];

  for (const [name, query, expectedValues] of views) {
    test(`${name}: every stored value reads back literally, nothing runs`, async () => {
      const want = expectedValues();
      assert.ok(want.length >= PAYLOADS.length - 2, `the corpus reached the store for ${name}: ${JSON.stringify(want)}`);
      const page = await world.page();
      await world.open(page, `/${SITE}?period=day&${query}`);
      const cells = page.locator('[data-testid="details"] tbody th');
      await cells.first().waitFor();
      const shown = await cells.allTextContents();
      for (const v of want) assert.ok(shown.includes(v), `${name}: ${JSON.stringify(v)} is not shown literally; shown: ${JSON.stringify(shown)}`);
      assert.deepEqual(await injectionTraces(page), { xss: null, scripts: 1, foreign: 0, bodyVisible: true });
      assert.deepEqual(world.problems.get(page), { errors: [], dialogs: [] });
      await page.context().close();
    });
  }

  test('the main views, a payload as a filter, and hovering every row', async () => {
    const page = await world.page();
    await world.open(page, `/${SITE}?period=day&sources=referrers&events=props&prop=xss`);
    for (const row of await page.locator('.bar-row').all()) await row.hover();
    // Filter by a payload path: the chip shows it as text, and the link reproduces the view.
    const payloadRow = page.locator('[data-testid="panel-pages"] .bar-label', { hasText: '/a/' }).first();
    const label = (await payloadRow.textContent())!.trim();
    await payloadRow.click();
    await page.waitForURL(/f=is,page,/);
    const chip = page.locator('[data-testid="filter-chip"] .chip-value');
    assert.equal((await chip.textContent())?.trim(), label);
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.equal((await chip.textContent())?.trim(), label);
    assert.deepEqual(await injectionTraces(page), { xss: null, scripts: 1, foreign: 0, bodyVisible: true });
    assert.deepEqual(world.problems.get(page), { errors: [], dialogs: [] });
    await page.context().close();
  });
});
