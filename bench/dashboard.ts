// `npm run bench:dashboard` (or `npx tsx bench/dashboard.ts [--events 10000000] [--runs 5] [--keep DIR]`):
// the dashboard's speed figures. (1) Initial JavaScript: the gzip size of what index.html loads
// before the first render (the lazy map chunk is reported apart). (2) Time to the first full
// render of every panel in Chromium (the `inkling:ready` mark, from navigation start) against a
// real server over a store of realistic events. Prints figures; never fails on a time.
// Targets: initial JS <= 80 KB gzip; first full render < 1.5 s with 10M events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { DB_FILE } from '../src/store/app-db.ts';
import { runAdminOp } from '../tests/helpers/admin.ts';
import { createLogger } from '../src/log.ts';
import { openDuckDb, type Db } from '../src/store/duckdb.ts';
import { ensureWebBuild, WEB_ROOT } from '../src/web-build.ts';
import { generateEvents, seedEvents, seedSite } from '../tests/helpers/seed.ts';
import { startServer } from '../tests/helpers/server.ts';
import { removeDir, tmpDir } from '../tests/helpers/tmp.ts';

const SITE = 'bench.example';
const DAY = 86_400_000;
const SPAN_DAYS = 400;
const BLOCK = 200_000;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DIST = path.join(WEB_ROOT, 'dist');
const RENDER_TIMEOUT_MS = 60_000;
/** The dashboard reads as a signed-in owner; the query timings use an API key. */
const BENCH_USER = { email: 'bench@bench.example', password: 'bench owner password' };

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** What the page loads up front: scripts and module preloads named by index.html. */
function initialAssets(): { js: string[]; css: string[]; lazy: string[] } {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/static\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const js = refs.filter((r) => r.endsWith('.js'));
  const all = fs.readdirSync(path.join(DIST, 'assets')).map((f) => `assets/${f}`);
  return { js, css: refs.filter((r) => r.endsWith('.css')), lazy: all.filter((f) => f.endsWith('.js') && !js.includes(f)) };
}

function reportSizes(): void {
  const { js, css, lazy } = initialAssets();
  const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length, 0);
  const raw = (files: string[]) => files.reduce((n, f) => n + fs.statSync(path.join(DIST, f)).size, 0);
  console.log(`initial JavaScript: ${kb(gz(js))} gzip (${kb(raw(js))} raw; budget 80 KB) — ${js.join(', ')}`);
  console.log(`stylesheet: ${kb(gz(css))} gzip; lazy chunks: ${lazy.map((f) => `${path.basename(f)} ${kb(gz([f]))} gzip`).join(', ')}`);
}

/** Realistic traffic over 400 days up to now: one generated block, repeated in time by SQL. */
async function buildStore(db: Db, total: number): Promise<void> {
  await seedSite(db, SITE, 'UTC');
  const now = Date.now();
  const copies = Math.max(1, Math.round(total / BLOCK));
  const block = Math.min(total, BLOCK);
  const blockMs = Math.floor((SPAN_DAYS * DAY) / copies);
  const start = now - SPAN_DAYS * DAY;
  const t0 = performance.now();
  await seedEvents(db, generateEvents({ sites: [SITE], start, end: start + blockMs, count: block, seed: 42 }));
  if (copies > 1) {
    // Ids, visitors and sessions stay unique per copy; each copy is shifted by one block of time.
    await db.run(
      `INSERT INTO events BY NAME
       SELECT e.* REPLACE (e.id + k * 1000000000 AS id, e.ts + to_milliseconds(CAST(k * $1 AS BIGINT)) AS ts,
         e.visitor_id + k * 1000000000000 AS visitor_id, e.session_id + k * 1000000000 AS session_id)
       FROM events AS e, range(1, $2) AS r(k) ORDER BY k, e.id`,
      [blockMs, copies],
    );
  }
  await db.run('CHECKPOINT');
  const [row] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
  console.log(`store: ${Number(row!.n).toLocaleString('en')} events over ${SPAN_DAYS} days, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Navigation start -> every panel rendered, in ms; and the queries the page sent. The tab is
 * already open on the server's origin (Chromium has its renderer process, as a browser in use
 * does: starting one costs ~1-2 s of CPU here, which would be timed against the server), and
 * the HTTP cache is off, so every asset is downloaded as on a first visit.
 */
async function timeRender(page: Page, url: string): Promise<{ ms: number; queries: string[] }> {
  const queries: string[] = [];
  const onRequest = (r: Request) => void (r.url().endsWith('/api/v2/query') && queries.push(r.postData() ?? ''));
  page.on('request', onRequest);
  try {
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: RENDER_TIMEOUT_MS });
    return { ms: await page.evaluate(() => performance.getEntriesByName('inkling:ready')[0]!.startTime), queries };
  } finally {
    page.off('request', onRequest);
  }
}

async function openTab(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await context.request.post(`${origin}/api/auth/login`, { data: BENCH_USER });
  await page.goto(`${origin}/healthz`);
  return page;
}

/** Where the time goes: each query of the view alone, best of 3, as the server answers it. */
async function timeQueries(base: string, queries: string[], key: string): Promise<string> {
  const parts: string[] = [];
  let sum = 0;
  for (const body of queries) {
    let best = Infinity;
    // Best of three, unless one run already says it is slow.
    for (let i = 0; i < 3 && best > 200; i++) {
      const t = performance.now();
      await (await fetch(`${base}/api/v2/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body })).text();
      best = Math.min(best, performance.now() - t);
    }
    sum += best;
    const q = JSON.parse(body) as { dimensions?: string[]; metrics: string[]; include?: { comparisons?: unknown } };
    parts.push(`${q.dimensions?.join('+') || (q.metrics.length > 1 ? 'aggregate' : 'current visitors')}${q.include?.comparisons ? ' (cmp)' : ''} ${best.toFixed(0)}`);
  }
  return `${queries.length} queries, ${sum.toFixed(0)} ms one after another: ${parts.join(', ')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '5' }, keep: { type: 'string' } } });
  await ensureWebBuild(DIST, createLogger(() => undefined));
  reportSizes();

  const total = Number(values.events);
  const dataDir = values.keep ? path.resolve(values.keep) : tmpDir('inkling-bench-dash-');
  const dbFile = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(dbFile) || !values.keep) {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = await openDuckDb(dbFile);
    try {
      await buildStore(db, total);
    } finally {
      await db.close();
    }
  } else {
    console.log(`store: reusing ${dbFile}`);
  }

  // A kept store already has the user from an earlier run.
  await runAdminOp(dataDir, 'user.add', { ...BENCH_USER, role: 'owner' }).catch(() => undefined);
  const { key } = (await runAdminOp(dataDir, 'apikey.create', { name: 'bench', ratePerMinute: 1_000_000 })) as { key: string };
  const server = await startServer({ dataDir, keepDir: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  try {
    console.log(`first full render in Chromium (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs):`);
    const views: [string, string][] = [
      ['last 30 days', `/${SITE}`],
      ['last 30 days + comparison', `/${SITE}?compare=previous`],
      ['last 12 months', `/${SITE}?period=12mo`],
      ['all time', `/${SITE}?period=all`],
    ];
    for (const [name, url] of views) {
      const times: number[] = [];
      let queries: string[] = [];
      const page = await openTab(browser, server.url);
      try {
        for (let i = 0; i < Number(values.runs); i++) {
          const run = await timeRender(page, server.url + url);
          times.push(run.ms);
          queries = run.queries;
        }
      } catch {
        console.log(`  ${name.padEnd(26)} did not render within ${RENDER_TIMEOUT_MS / 1000} s`);
        continue;
      } finally {
        await page.context().close();
      }
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`  ${name.padEnd(26)} first ${times[0]!.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, best ${sorted[0]!.toFixed(0)} ms (budget 1500 ms)`);
      console.log(`    server: ${await timeQueries(server.url, queries, key)}`);
    }
  } finally {
    await browser.close();
    await server.close();
    if (!values.keep) removeDir(dataDir);
  }
}

await main();
