// Goals in the dashboard, in Chromium over a real server: the Goals card with conversions,
// conversion rate and revenue; adding a goal from the card; property keys then values in the
// Properties tab; the funnel chart. Screenshots go to test-artifacts/goals/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Event } from '../../src/event.ts';
import { hashPassword } from '../../src/auth/password.ts';
import { createGoal } from '../../src/store/goal-store.ts';
import { insertUser } from '../../src/store/users.ts';
import { makeEvent, seedEvents, seedSite } from '../helpers/seed.ts';
import { DashboardWorld, dashboardSkip, eventually } from './dashboard-helper.ts';

const SITE = 'shop.example';
const EMAIL = 'owner@shop.example';
const PASSWORD = 'correct horse battery staple';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/goals');

/** Four visits two hours ago: three see pricing, two sign up, one of them (and a fourth) buys. */
function visits(now: number): Event[] {
  const t0 = now - 2 * 3_600_000;
  const events: Event[] = [];
  const add = (visitor: number, offsetS: number, name: string, pathname: string, extra: Partial<Event> = {}) =>
    events.push(makeEvent({ id: BigInt(events.length + 1), ts: t0 + offsetS * 1000, site: SITE, name, visitorId: BigInt(visitor), sessionId: BigInt(visitor), hostname: SITE, pathname, ...extra }));
  add(1, 0, 'pageview', '/');
  add(1, 20, 'pageview', '/pricing');
  add(1, 60, 'Signup', '/pricing', { props: { plan: 'pro' } });
  add(1, 120, 'Purchase', '/checkout', { props: { plan: 'pro' }, revenue: 49.9 });
  add(2, 5, 'pageview', '/pricing');
  add(2, 300, 'Signup', '/pricing', { props: { plan: 'free' } });
  add(3, 10, 'pageview', '/pricing');
  add(4, 15, 'pageview', '/blog/launch');
  add(4, 40, 'Purchase', '/checkout', { props: { plan: 'free' }, revenue: 10 });
  return events;
}

describe('goals in the dashboard', { skip: dashboardSkip() }, () => {
  const world = new DashboardWorld();
  let page: Page;

  before(async () => {
    await world.start({
      seed: async (db) => {
        await seedSite(db, SITE, 'UTC');
        await seedEvents(db, visits(Date.now()));
        await insertUser(db, { email: EMAIL, passwordHash: await hashPassword(PASSWORD), role: 'owner', now: Date.now() });
        await createGoal(db, SITE, { spec: { kind: 'page', name: 'Visit /pricing', path: '/pricing' }, currency: null });
        await createGoal(db, SITE, { spec: { kind: 'event', name: 'Signup', event: 'Signup', prop: null }, currency: null });
        await createGoal(db, SITE, { spec: { kind: 'event', name: 'Purchase', event: 'Purchase', prop: null }, currency: 'EUR' });
      },
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    page = await world.page({ width: 1280, height: 1000 });
    const login = await page.request.post(world.url('/api/auth/login'), { data: { email: EMAIL, password: PASSWORD }, headers: { origin: world.url('') } });
    assert.equal(login.status(), 200, await login.text());
    await page.goto(world.url(`/${SITE}?period=day`));
  });
  after(() => world.close());

  const goalRows = () =>
    page.locator('[data-testid="goal-table"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));

  test('the Goals card shows converted visitors, conversions, conversion rate and revenue', async () => {
    await eventually(goalRows, [
      ['Visit /pricing', '3', '3', '75%', '—'],
      ['Purchase', '2', '2', '50%', '€59.90'],
      ['Signup', '2', '2', '50%', '—'],
    ]);
    await page.locator('[data-testid="panel-goals"]').screenshot({ path: path.join(ARTIFACTS, 'goals-panel.png') });
  });

  test('the funnel chart counts the steps in order within a visit', async () => {
    const steps = () => page.locator('[data-testid="funnel-chart"] .funnel-step-head').evaluateAll((els) => els.map((e) => e.textContent?.replace(/\s+/g, ' ').trim()));
    // Pricing -> Signup -> Purchase: 3 saw pricing, 2 then signed up, 1 then bought.
    await eventually(steps, ['1Visit /pricing3 visitors · 100%', '2Signup2 visitors · 66.7%', '3Purchase1 visitor · 33.3%']);
    await page.locator('[data-testid="panel-funnel"]').scrollIntoViewIfNeeded();
    await page.locator('[data-testid="panel-funnel"]').screenshot({ path: path.join(ARTIFACTS, 'funnel.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    // A one-minute window: visitor 2 signed up almost five minutes after pricing.
    await page.getByLabel('Time window').selectOption({ label: 'Within 1 minute' });
    await eventually(steps, ['1Visit /pricing3 visitors · 100%', '2Signup1 visitor · 33.3%', '3Purchase0 visitors · 0%']);
  });

  test('a goal added from the card shows up with its numbers', async () => {
    await page.getByRole('button', { name: 'Manage goals' }).click();
    const manager = page.locator('[data-testid="goal-manager"]');
    await manager.getByLabel('Page path').fill('/blog/**');
    await manager.getByLabel('Display name (optional)').fill('Blog');
    await manager.getByRole('button', { name: 'Add goal' }).click();
    await eventually(async () => (await goalRows()).find((r) => r[0] === 'Blog'), ['Blog', '1', '1', '25%', '—']);
    await page.locator('[data-testid="panel-goals"]').screenshot({ path: path.join(ARTIFACTS, 'goals-manage.png') });
  });

  test('segments: the current filters saved under a name, then applied again', async () => {
    await page.goto(world.url(`/${SITE}?period=day&f=is,page,/pricing`));
    await page.getByTestId('segments').click();
    await page.getByLabel('Segment name').fill('Pricing visitors');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Pricing visitors', exact: true }).waitFor();
    await page.goto(world.url(`/${SITE}?period=day`));
    assert.equal(await page.getByTestId('filter-chip').count(), 0);
    await page.getByTestId('segments').click();
    await page.getByRole('button', { name: 'Pricing visitors', exact: true }).click();
    await eventually(async () => new URL(page.url()).searchParams.getAll('f'), ['is,page,/pricing']);
    assert.equal(await page.getByTestId('filter-chip').count(), 1);
    await page.locator('.controls').screenshot({ path: path.join(ARTIFACTS, 'segments.png') });
  });

  test('properties: the key list comes from the data, then the values of the chosen key', async () => {
    await page.locator('[data-testid="panel-events"]').getByRole('tab', { name: 'Properties' }).click();
    const picker = page.getByTestId('prop-key');
    await eventually(() => picker.evaluate((el: HTMLSelectElement) => [...el.options].map((o) => o.value)), ['plan']);
    const values = () => page.locator('[data-testid="list-events"] .bar-label').evaluateAll((els) => els.map((e) => e.textContent?.trim()));
    await eventually(async () => (await values()).sort(), ['free', 'pro']);
    await page.locator('[data-testid="panel-events"]').screenshot({ path: path.join(ARTIFACTS, 'properties.png') });
    assert.deepEqual(world.problems.get(page)?.errors, []);
  });
});
