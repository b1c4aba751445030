// The dashboard tests' world: a real Inkling server over a store seeded with the fixture's
// visits, Debian's Chromium, and screenshots kept under test-artifacts/dashboard/.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DB_FILE } from '../../src/store/app-db.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { seedEvents, seedSite } from '../helpers/seed.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { fixtureEvents, SITE } from './dashboard-fixture.ts';

import { chromiumSkip } from './browser-helper.ts';

/**
 * For describe(..., { skip }): Chromium must be there, and the server must serve the dashboard.
 * Until src/app.ts registers the dashboard routes (they were written before the wiring), the
 * suites are skipped with a loud note instead of failing everyone's `npm test`.
 */
export function dashboardSkip(): string | false {
  return chromiumSkip();
}

/** The dashboard's tests run signed in as this owner (accounts replaced keyless local access). */
export const OWNER = { email: 'owner@dashboard.test', password: 'dashboard owner password' };

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/dashboard');

export interface PageProblems {
  /** Uncaught exceptions and console errors (CSP violations among them). */
  errors: string[];
  /** window.alert/confirm/prompt calls: a sign that injected script ran. */
  dialogs: string[];
}

export class DashboardWorld {
  server!: RunningServer;
  private browser!: Browser;
  readonly problems = new Map<Page, PageProblems>();

  /** `seed` fills the store before the server opens it (events at any time, not just now). */
  async start(opts: { seed?: (db: Awaited<ReturnType<typeof openDuckDb>>) => Promise<void>; args?: string[] } = {}): Promise<void> {
    const dataDir = tmpDir('inkling-dash-');
    const db = await openDuckDb(path.join(dataDir, DB_FILE));
    try {
      await seedSite(db, SITE, 'UTC');
      await (opts.seed ?? ((d) => seedEvents(d, fixtureEvents(Date.now())).then(() => undefined)))(db);
    } finally {
      await db.close();
    }
    await runAdminOp(dataDir, 'user.add', { ...OWNER, role: 'owner' });
    this.server = await startServer({ dataDir, args: opts.args ?? [] });
    const probe = await fetch(`${this.server.url}/sites`);
    if (!(probe.headers.get('content-type') ?? '').startsWith('text/html')) {
      throw new Error(`GET /sites answered ${probe.status} ${probe.headers.get('content-type')}: the dashboard routes are not wired into the server (registerDashboardRoutes)`);
    }
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.server?.close();
  }

  url(pathAndQuery: string): string {
    return this.server.url + pathAndQuery;
  }

  /** A fresh context, signed in as the owner unless `signedIn` is false. */
  async page(opts: { width?: number; height?: number; dark?: boolean; signedIn?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
      colorScheme: opts.dark ? 'dark' : 'light',
      acceptDownloads: true,
    });
    // The context's request client shares its cookie jar with its pages.
    if (opts.signedIn !== false) {
      const res = await context.request.post(`${this.server.url}/api/auth/login`, { data: OWNER });
      if (!res.ok()) throw new Error(`signing in for the dashboard tests: ${res.status()} ${await res.text()}`);
    }
    const page = await context.newPage();
    const problems: PageProblems = { errors: [], dialogs: [] };
    this.problems.set(page, problems);
    page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.errors.push(`console: ${m.text()}`));
    page.on('dialog', (d) => {
      problems.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    return page;
  }

  /** Opens a dashboard URL and waits until every panel has rendered once. */
  async open(page: Page, pathAndQuery: string): Promise<void> {
    await page.goto(this.url(pathAndQuery));
    await waitReady(page);
  }

  async screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  }
}

export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
}

/**
 * Clicks until the URL matches: on a loaded machine a click can land while the list is being
 * redrawn (a refresh), and that click does nothing. Three tries of 10 s.
 */
export async function clickUntilUrl(page: Page, target: Locator, url: RegExp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await target.click();
    try {
      await page.waitForURL(url, { timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The number a top-stat card shows, by metric. */
export async function statText(page: Page, metric: string): Promise<string> {
  return (await page.locator(`.stat[data-metric="${metric}"] .stat-value`).textContent())?.trim() ?? '';
}

/** Waits until the stat shows `value` (queries answer asynchronously after a change). */
export async function expectStat(page: Page, metric: string, value: string): Promise<void> {
  await page.locator(`.stat[data-metric="${metric}"] .stat-value`, { hasText: new RegExp(`^${value}$`) }).waitFor({ timeout: 10_000 });
}

/** Row labels and values of a panel's list, in order. */
export async function panelRows(page: Page, panel: string): Promise<[string, string][]> {
  const rows = page.locator(`[data-testid="panel-${panel}"] .bar-row`);
  return rows.evaluateAll((els) => els.map((el) => [el.querySelector('.bar-label')?.textContent?.trim() ?? '', el.querySelector('.bar-value')?.textContent?.trim() ?? ''] as [string, string]));
}

/** Polls `read` until it returns something deep-equal to `want` (answers arrive asynchronously). */
export async function eventually<T>(read: () => Promise<T>, want: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  throw new Error(`expected ${JSON.stringify(want)}, still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}
