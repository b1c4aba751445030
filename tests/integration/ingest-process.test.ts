// A real `inkling serve` process: 1,000 mixed hits are all stored after SIGTERM, and no canary
// IP, user agent or cookie reaches any file in the data dir or the logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../helpers/server.ts';
import { request, pool } from '../helpers/http.ts';
import { USER_AGENTS, eventBody, ipFor, pick, pixelQuery } from '../helpers/traffic.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { removeDir } from '../helpers/tmp.ts';

const CANARY_IP = '203.0.113.77';
const CANARY_IP6 = '2001:db8::7777';
const CANARY_UA = 'Mozilla/5.0 (X11; Linux x86_64) CanaryBrowser/9.9.9 canary-ua-7f3a9c';
const CANARY_COOKIE = 'canary-cookie-51b2e0';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

test('1,000 mixed pixel and event hits: stored count equals accepted hits after SIGTERM', { timeout: 120_000 }, async () => {
  const server = await startServer({ sites: ['example.com'], args: ['--trust-proxy', '127.0.0.1'], keepDir: true });
  try {
    const answers = await pool(1000, 16, async (i) => {
      const headers: Record<string, string> = { 'x-forwarded-for': ipFor(i) };
      // Every tenth hit has no User-Agent header at all; it must still be recorded.
      if (i % 10 !== 0) headers['user-agent'] = pick(USER_AGENTS, i);
      if (i % 2 === 0) return request(`${server.url}/pixel.gif?${pixelQuery(i)}`, { headers });
      return request(`${server.url}/api/event`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: eventBody(i, 'example.com') });
    });
    assert.ok(answers.every((a) => a.status === 200 || a.status === 202), 'only 200/202 answers');
    const accepted = answers.filter((a) => a.headers['x-inkling-dropped'] === undefined).length;
    assert.ok(accepted >= 990, `accepted ${accepted}`);
    assert.equal(await server.stop(), 0, 'SIGTERM exits 0');
    const db = await openDuckDb(path.join(server.dataDir, 'inkling.duckdb'));
    const [row] = await db.all<{ n: bigint; noUa: bigint }>(`SELECT count(*) AS n, count(*) FILTER (browser IS NULL) AS noUa FROM events`);
    await db.close();
    assert.equal(Number(row?.n), accepted);
    assert.ok(Number(row?.noUa) >= 100, 'hits without a User-Agent are recorded');
  } finally {
    await server.kill();
    removeDir(server.dataDir);
  }
});

test('privacy: canary IPs, user agent and cookie appear in no file and no log line', { timeout: 120_000 }, async () => {
  const server = await startServer({ sites: ['example.com'], args: ['--trust-proxy', '127.0.0.1', '--flush-interval-ms', '1000'], keepDir: true });
  try {
    const headers = { 'user-agent': CANARY_UA, cookie: `session=${CANARY_COOKIE}`, 'content-type': 'text/plain' };
    for (const ip of [CANARY_IP, CANARY_IP6]) {
      await request(`${server.url}/pixel.gif?path=/canary&resolution=1,1`, { headers: { ...headers, 'x-forwarded-for': ip } });
      await request(`${server.url}/api/event`, { method: 'POST', headers: { ...headers, 'x-forwarded-for': ip }, body: eventBody(1, 'example.com') });
      // Malformed requests carrying the canaries must not leak through error paths either.
      await request(`${server.url}/api/event`, { method: 'POST', headers: { ...headers, 'x-forwarded-for': ip }, body: `{${CANARY_UA}` });
      await request(`${server.url}/pixel.gif?d=${CANARY_IP}&u=${encodeURIComponent(CANARY_UA)}`, { headers: { ...headers, 'x-forwarded-for': ip } });
    }
    const scan = () => {
      const found: string[] = [];
      for (const file of filesUnder(server.dataDir)) {
        const bytes = fs.readFileSync(file);
        for (const canary of [CANARY_IP, CANARY_IP6, 'canary-ua-7f3a9c', 'CanaryBrowser', CANARY_COOKIE]) {
          if (bytes.includes(canary)) found.push(`${path.relative(server.dataDir, file)} contains ${canary}`);
        }
      }
      return found;
    };
    // While running (spool segments on disk) and after shutdown (database, WAL).
    assert.deepEqual(scan(), []);
    assert.equal(await server.stop(), 0);
    assert.deepEqual(scan(), []);
    for (const canary of [CANARY_IP, CANARY_IP6, 'canary-ua-7f3a9c', CANARY_COOKIE]) {
      assert.ok(!server.output().includes(canary), `log contains ${canary}`);
    }
    const db = await openDuckDb(path.join(server.dataDir, 'inkling.duckdb'));
    const [row] = await db.all<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE pathname = '/canary'`);
    await db.close();
    assert.equal(Number(row?.n), 2, 'the canary hits themselves were recorded');
  } finally {
    await server.kill();
    removeDir(server.dataDir);
  }
});

test('only the event loop keeps the normal CPU priority: storage and other helper threads run at the lowest', { timeout: 60_000, skip: process.platform !== 'linux' }, async () => {
  const server = await startServer({ sites: ['example.com'] });
  try {
    const pid = server.process.pid!;
    const niceOf = (tid: string) => Number(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const others = fs.readdirSync(`/proc/${pid}/task`).filter((tid) => tid !== String(pid));
    assert.equal(niceOf(String(pid)), 0, 'the event loop');
    assert.ok(others.length >= 2, `DuckDB's and libuv's threads exist (${others.length})`);
    assert.deepEqual(others.map(niceOf), others.map(() => 19));
    // Still answering and storing at that priority.
    assert.equal((await request(`${server.url}/pixel.gif?d=example.com&path=/niced`, { headers: { 'user-agent': pick(USER_AGENTS, 0) } })).status, 200);
    assert.equal((await server.events()).length, 1);
  } finally {
    await server.close();
  }
});
