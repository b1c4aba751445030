// Accounts in Chromium over a real server started fresh: the printed setup URL creates the
// owner; the owner adds a site, a viewer, an API key and a password-protected share link; the
// share link opens the dashboard read-only, and its writes are refused. Screenshots go to
// test-artifacts/accounts/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { chromiumSkip } from './browser-helper.ts';
import { waitReady } from './dashboard-helper.ts';
import { base32Decode, totpCode } from '../../src/auth/totp.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/accounts');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const OWNER = { email: 'owner@accounts.test', password: 'owner password 123' };
const VIEWER = { email: 'viewer@accounts.test', password: 'viewer password 123' };
const SHARE_PASSWORD = 'share password 123';
const SITE = 'demo.test';

describe('accounts', { skip: chromiumSkip() }, () => {
  let server: RunningServer;
  let browser: Browser;
  let setupUrl = '';
  let shareUrl = '';
  let apiKey = '';
  const errors: string[] = [];

  before(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 860 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && !/status of 40[13]/.test(m.text()) && errors.push(`console: ${m.text()}`));
    page.on('dialog', (d) => void d.accept());
    return page;
  }
  /** The origin the setup URL names: the session cookie belongs to that host. */
  const origin = () => new URL(setupUrl).origin;
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  test('a fresh start prints the one-time setup URL', () => {
    const match = /create the owner at (http:\/\/localhost:\d+\/setup#token=[A-Za-z0-9_-]+)/.exec(server.output());
    assert.ok(match, server.output());
    setupUrl = match[1]!;
  });

  test('the owner creates the account, a site, a viewer, an API key and a password-protected share link', async () => {
    const page = await newPage();
    await page.goto(setupUrl);
    const setup = page.locator('[data-testid="setup-form"]');
    await setup.locator('input[name="email"]').fill(OWNER.email);
    await setup.locator('input[name="password"]').fill(OWNER.password);
    await setup.locator('input[name="repeat"]').fill(OWNER.password);
    await shot(page, '1-setup');
    await setup.locator('button[type="submit"]').click();
    await page.waitForURL(/\/sites$/);

    const add = page.locator('[data-testid="add-site-form"]');
    await add.locator('input[name="domain"]').fill(SITE);
    await add.locator('input[name="timezone"]').fill('UTC');
    await shot(page, '2-sites-empty');
    await add.locator('button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/${SITE.replace('.', '\\.')}$`));
    for (const p of ['/', '/pricing', '/']) {
      await fetch(`${server.url}/pixel.gif?d=${SITE}&path=${p}`, { headers: { 'user-agent': CHROME_UA } });
    }

    await page.goto(`${origin()}/users`);
    const user = page.locator('[data-testid="add-user-form"]');
    await user.locator('input[name="email"]').fill(VIEWER.email);
    await user.locator('input[name="password"]').fill(VIEWER.password);
    await user.locator('select[name="role"]').selectOption('viewer');
    await user.locator('button[type="submit"]').click();
    await page.locator('[data-testid="user-list"]', { hasText: VIEWER.email }).waitFor();
    await shot(page, '3-users');

    await page.goto(`${origin()}/keys`);
    const key = page.locator('[data-testid="create-key-form"]');
    await key.locator('input[name="name"]').fill('reporting');
    await key.getByText('Every site').click();
    await key.locator(`input[name="site"][value="${SITE}"]`).check();
    await key.locator('button[type="submit"]').click();
    apiKey = (await key.locator('[data-testid="secret"]').textContent()) ?? '';
    assert.match(apiKey, /^ink_/);
    await page.locator('[data-testid="key-list"]', { hasText: 'reporting' }).waitFor();
    await shot(page, '4-api-key');
    const byKey = await fetch(`${server.url}/api/v2/query`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ site_id: SITE, date_range: 'day', metrics: ['pageviews'] }) });
    assert.equal(byKey.status, 200);

    await page.goto(`${origin()}/${SITE}`);
    await waitReady(page);
    await page.locator('[data-testid="site-settings-link"]').click();
    await page.waitForURL(/\/settings$/);
    const share = page.locator('[data-testid="create-share-form"]');
    await share.locator('input[name="label"]').fill('Board');
    await share.locator('input[name="share-password"]').fill(SHARE_PASSWORD);
    await share.locator('button[type="submit"]').click();
    shareUrl = (await page.locator('[data-testid="shares-card"] [data-testid="secret"]').textContent()) ?? '';
    assert.match(shareUrl, /\/share\/[A-Za-z0-9_-]{32}$/);
    await page.locator('[data-testid="share-list"]', { hasText: 'password' }).waitFor();
    await shot(page, '5-settings-and-share');
    await page.context().close();
  });

  test('the share link shows the dashboard read-only; writes and settings are refused to it', async () => {
    const page = await newPage();
    // Today: the hits above were sent just now (the default range is the last full days).
    await page.goto(`${shareUrl}?period=day`);
    const form = page.locator('[data-testid="share-password-form"]');
    await form.locator('input[name="password"]').fill('not the password');
    await form.locator('button[type="submit"]').click();
    await form.locator('.form-error').waitFor();
    await shot(page, '6-share-password');
    await form.locator('input[name="password"]').fill(SHARE_PASSWORD);
    await form.locator('button[type="submit"]').click();
    await waitReady(page);
    await page.locator('.stat[data-metric="pageviews"] .stat-value', { hasText: /^3$/ }).waitFor();
    assert.equal(await page.locator('[data-testid="shared-site"]').textContent(), SITE);
    for (const hidden of ['account-menu', 'site-switch', 'site-settings-link']) assert.equal(await page.locator(`[data-testid="${hidden}"]`).count(), 0, hidden);
    await shot(page, '7-share-dashboard');

    // From inside the share page, with its own credentials: every write and setting is refused.
    // Text, not a function: tsx rewrites the functions it compiles (see browser-helper.ts).
    const statuses = (await page.evaluate(`(async () => {
      const site = ${JSON.stringify(SITE)};
      const token = location.pathname.split('/')[2];
      const grant = sessionStorage.getItem('inkling:share-grant:' + token) || '';
      const headers = { authorization: 'Share ' + token, 'x-share-grant': grant, 'content-type': 'application/json' };
      const call = (method, url, body) => fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined }).then((r) => r.status);
      return {
        read: await call('POST', '/api/v2/query', { site_id: site, date_range: 'day', metrics: ['visitors'] }),
        settings: await call('GET', '/api/sites/' + site + '/settings'),
        patch: await call('PATCH', '/api/sites/' + site + '/settings', { public: true }),
        remove: await call('DELETE', '/api/sites/' + site, { confirm: site }),
        share: await call('POST', '/api/sites/' + site + '/shares', {}),
        key: await call('POST', '/api/keys', { name: 'x' }),
        user: await call('POST', '/api/users', { email: 'x@x.test', password: 'xxxxxxxxxxxx', role: 'owner' }),
        site: await call('POST', '/api/sites', { domain: 'other.test' }),
        goal: await call('POST', '/api/sites/' + site + '/goals', {}),
      };
    })()`)) as Record<string, number>;
    const { read, ...writes } = statuses;
    assert.equal(read, 200);
    for (const [name, status] of Object.entries(writes)) assert.ok(status === 401 || status === 403, `${name}: ${status}`);
    await page.context().close();
  });

  test('the viewer signs in and reads, with no settings or site creation', async () => {
    const page = await newPage();
    await page.goto(`${origin()}/${SITE}`);
    await page.locator('[data-testid="sign-in-link"]').click();
    const login = page.locator('[data-testid="login-form"]');
    await login.locator('input[name="email"]').fill(VIEWER.email);
    await login.locator('input[name="password"]').fill(VIEWER.password);
    await shot(page, '8-login');
    await login.locator('button[type="submit"]').click();
    await page.waitForURL(new RegExp(`/${SITE.replace('.', '\\.')}$`));
    await waitReady(page);
    assert.equal(await page.locator('[data-testid="site-settings-link"]').count(), 0);
    await page.goto(`${origin()}/sites`);
    await page.locator('[data-testid="site-list"]').waitFor();
    assert.equal(await page.locator('[data-testid="add-site-form"]').count(), 0);
    await page.locator('[data-testid="account-menu"]').click();
    await page.locator('[data-testid="sign-out"]').click();
    await page.waitForURL(/\/login$/);
    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status));
    assert.equal(me, 401);
    await page.context().close();
    assert.deepEqual(errors, []);
  });

  test('finding 7: a hostile ?next= after sign-in stays on this site; finding 8: turning 2FA on asks for the password', async () => {
    const page = await newPage();
    await page.goto(`${origin()}/login?next=%2F%09%2Fevil.test`);
    const login = page.locator('[data-testid="login-form"]');
    await login.locator('input[name="email"]').fill(OWNER.email);
    await login.locator('input[name="password"]').fill(OWNER.password);
    await login.locator('button[type="submit"]').click();
    await page.waitForURL(/\/sites$/);
    assert.equal(new URL(page.url()).origin, origin());

    await page.goto(`${origin()}/account`);
    const card = page.locator('[data-testid="totp-card"]');
    await card.getByRole('button', { name: 'Set up' }).click();
    const secret = (await card.locator('.secret-text').textContent()) ?? '';
    await card.locator('input[name="code"]').fill(totpCode(base32Decode(secret), Date.now()));
    await card.locator('input[name="password"]').fill(OWNER.password);
    await card.getByRole('button', { name: 'Turn on' }).click();
    await card.getByText('On: signing in asks for a code').waitFor();
    await shot(page, '9-two-factor-on');
    await page.context().close();
    assert.deepEqual(errors, []);
  });
});
