// Browser tests' world: a real Inkling server, a fixture-page server and Debian's Chromium.
// Pages are served at http://site.test:<port> (Chromium maps *.test to 127.0.0.1), so the
// tracker runs its real, non-local path against a cross-origin Inkling on 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { startServer, type RunningServer } from '../helpers/server.ts';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/tracker');
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP *.test 127.0.0.1',
  // A plain desktop Chrome: the server drops "HeadlessChrome" as a bot. A flag, not a context
  // option, because Chromium sends requests that outlive their page (keepalive) with the
  // browser-wide UA.
  '--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
];
/**
 * Under automation Chromium sets navigator.webdriver and the tracker (rightly) stays silent.
 * This flag clears it, so tests drive the shipped script unchanged; exclusions.test.ts proves
 * the silence without it.
 */
const AS_A_VISITOR = '--disable-blink-features=AutomationControlled';

export type Row = Record<string, unknown>;

let warned = false;

/** For describe(..., { skip }): false when Chromium is here; in CI its absence is a failure. */
export function chromiumSkip(): string | false {
  if (fs.existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: browser tests cannot run in CI (apt-get install -y chromium)`);
  if (!warned) console.warn(`!!! SKIPPING BROWSER TESTS: ${CHROMIUM} is missing (apt-get install -y chromium) !!!`);
  warned = true;
  return `${CHROMIUM} is missing`;
}

export interface PageOptions {
  /** false loads pages with JavaScript disabled (the <noscript> pixel). */
  javaScript?: boolean;
  /** true uses a browser that announces automation (navigator.webdriver), as any driver does. */
  automated?: boolean;
  /** Script text run in the page before any of its scripts (text: tsx rewrites functions it compiles). */
  init?: string;
  /** Another browser as far as Inkling can tell: the visitor id hashes the user agent. */
  userAgent?: string;
}

export class World {
  inkling!: RunningServer;
  private pages!: http.Server;
  private port = 0;
  private browsers = new Map<boolean, Browser>();
  /** Collect requests each page has started and not yet seen finish. */
  private pending = new Map<Page, Set<Request>>();
  /** Pages a test builds in code, by name, served like fixture files. */
  private generated = new Map<string, string>();

  constructor(private readonly opts: { serverArgs?: string[] } = {}) {}

  async start(): Promise<void> {
    this.inkling = await startServer({ sites: ['site.test'], args: this.opts.serverArgs ?? [] });
    this.pages = http.createServer((request, response) => this.serveFixture(request, response));
    this.pages.listen(0, '127.0.0.1');
    await new Promise((resolve) => this.pages.once('listening', resolve));
    this.port = (this.pages.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const browser of this.browsers.values()) await browser.close();
    await new Promise((resolve) => this.pages?.close(resolve));
    await this.inkling?.close();
  }

  /** Serves `html` for /<name>/..., as if it were tests/fixtures/tracker/<name>.html. */
  addPage(name: string, html: string): void {
    this.generated.set(name, html);
  }

  /** A fixture page's HTML as served (a file: page in a test is built from it). */
  fixture(name: string): string {
    return fs
      .readFileSync(path.join(FIXTURES, `${name}.html`), 'utf8')
      .replaceAll('{{INKLING}}', this.inkling.url)
      .replaceAll('{{PORT}}', String(this.port));
  }

  /** A fixture page's URL; the first path segment names tests/fixtures/tracker/<name>.html. */
  url(pathname: string, host = 'site.test'): string {
    return `http://${host}:${this.port}${pathname}`;
  }

  /** A fresh browser context (no shared state between tests) with one page. */
  async page(opts: PageOptions = {}): Promise<Page> {
    const browser = await this.browser(opts.automated ?? false);
    const context = await browser.newContext({
      viewport: { width: 1000, height: 700 },
      screen: { width: 1280, height: 800 },
      javaScriptEnabled: opts.javaScript ?? true,
      ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    });
    const page = await context.newPage();
    if (opts.init) await page.addInitScript(opts.init);
    const pending = new Set<Request>();
    this.pending.set(page, pending);
    page.on('request', (request) => this.isCollect(request) && pending.add(request));
    page.on('requestfinished', (request) => pending.delete(request));
    page.on('requestfailed', (request) => pending.delete(request));
    return page;
  }

  /** Waits until every collect request the page started has been answered (or failed). */
  async settled(page: Page): Promise<void> {
    const pending = this.pending.get(page)!;
    const deadline = Date.now() + 10_000;
    // A beat first: a request the page is about to send is not pending yet.
    do await delay(150);
    while (pending.size > 0 && Date.now() < deadline);
    if (pending.size > 0) throw new Error(`${pending.size} collect request(s) still pending`);
  }

  /** Performs each action and lets its requests finish, so events are stored in action order. */
  async perform(page: Page, actions: Array<() => Promise<unknown>>): Promise<void> {
    for (const action of actions) {
      await action();
      await this.settled(page);
    }
  }

  /** Stored events whose pathname starts with `prefix`, in arrival order. */
  async events(prefix: string): Promise<Row[]> {
    return (await this.inkling.events()).filter((row) => String(row.pathname ?? '').startsWith(prefix));
  }

  /** Polls the store until `count` events under `prefix` are there (they are written asynchronously). */
  async waitForEvents(prefix: string, count: number): Promise<Row[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = await this.events(prefix);
      if (rows.length >= count) return rows;
      if (Date.now() > deadline) throw new Error(`expected ${count} events under ${prefix}, got ${JSON.stringify(rows, null, 1)}`);
      await delay(100);
    }
  }

  /** Anything sent to Inkling but the script itself: events, pixels, Umami posts, aliases. */
  private isCollect(request: Request): boolean {
    return request.url().startsWith(this.inkling.url) && request.resourceType() !== 'script';
  }

  private async browser(automated: boolean): Promise<Browser> {
    let browser = this.browsers.get(automated);
    if (!browser) {
      // Playwright gives each launch a fresh user-data-dir.
      browser = await chromium.launch({ executablePath: CHROMIUM, args: automated ? FLAGS : [...FLAGS, AS_A_VISITOR] });
      this.browsers.set(automated, browser);
    }
    return browser;
  }

  private serveFixture(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://x');
    // Any other *.test host is another site: a plain page to navigate to.
    if (!/^(site\.test|127\.0\.0\.1|localhost):/.test(request.headers.host ?? '')) return void response.writeHead(200, { 'content-type': 'text/html' }).end('<title>Elsewhere</title>');
    // Downloads answer 204 No Content, so the clicked page stays put.
    if (url.pathname.startsWith('/files/')) return void response.writeHead(204).end();
    const name = url.pathname.split('/')[1] ?? '';
    const isFile = /^[\w-]+$/.test(name) && name !== '404' && fs.existsSync(path.join(FIXTURES, `${name}.html`));
    const html = this.generated.get(name) ?? (isFile ? this.fixture(name) : null);
    // Like a real site, an unknown path gets the not-found page with status 404.
    response
      .writeHead(html === null ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(html ?? this.fixture('404'));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
