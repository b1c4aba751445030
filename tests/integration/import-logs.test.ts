// nginx and Caddy access logs go through the ingestion pipeline: only page views by browsers are
// stored, at the log line's time, with IPs turned into countries and visitor hashes (never stored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { importCommand } from '../../src/cli/import.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { startServer } from '../helpers/server.ts';
import { runCommand } from '../helpers/cli.ts';
import { nginxLog, caddyLog } from '../helpers/access-logs.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { makeApp, testClock } from '../helpers/app.ts';
import { createApiKey } from '../../src/store/api-keys.ts';

type EventRow = Record<string, unknown> & { ts: string; pathname: string; visitor_id: string; session_id: string; country: string | null; source: string | null; utm_source: string | null; browser: string | null };

test('an nginx access log, imported while the server runs', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  const log = nginxLog();
  fs.writeFileSync(path.join(dataDir, 'access.log'), log.text);
  await runAdminOp(dataDir, 'site.add', { domain: 'shop.example', timezone: 'UTC' });
  const server = await startServer({ dataDir, keepDir: true });
  try {
    const result = await runCommand(importCommand, [path.join(dataDir, 'access.log'), '--site', 'shop.example', '--data', dataDir]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, new RegExp(`^Imported ${log.pages} events from .*access\\.log \\(combined\\)$`, 'm'));
    assert.match(result.out, /bot: 1/);
    assert.match(result.out, /spam_referrer: 1/);
    assert.match(result.out, /skipped: malformed: 1/);
    assert.match(result.out, /skipped: not_a_page: 5/);
    const events = (await server.events()) as EventRow[];
    assert.equal(events.length, log.pages);
    assert.deepEqual(events.map((e) => [e.ts, e.pathname]), [
      ['2024-05-01T21:30:00.000Z', '/'], ['2024-05-01T21:31:00.000Z', '/pricing'], ['2024-05-02T08:00:00.000Z', '/blog/hello.html'],
      ['2024-05-02T08:01:00.000Z', '/pricing'], ['2024-05-02T09:00:30.000Z', '/docs'], ['2024-05-02T10:06:00.000Z', '/quoted"path'],
    ]);
    const byDay = new Map<string, Set<string>>();
    for (const e of events) byDay.set(e.ts.slice(0, 10), (byDay.get(e.ts.slice(0, 10)) ?? new Set()).add(e.visitor_id));
    assert.deepEqual(Object.fromEntries([...byDay].map(([day, ids]) => [day, ids.size])), log.visitorsByDay);
    assert.deepEqual(events.map((e) => e.country), ['GB', 'GB', 'JP', 'JP', null, null]);
    assert.deepEqual(events.map((e) => e.source), ['newsletter', null, 'Hacker News', null, 'Google', null]);
    assert.equal(events[0]!.session_id, events[1]!.session_id, 'one visit across the two page views');
    assert.equal(events[2]!.browser, 'Safari');
    assert.equal(await server.stop(), 0);
    assert.deepEqual(await statsPerDay(dataDir), [['2024-05-01', 1, 2], ['2024-05-02', 3, 4]]);
  } finally {
    await server.close();
    removeDir(dataDir);
  }
});

/** [day, visitors, pageviews] from the stats API over the imported data. */
async function statsPerDay(dataDir: string): Promise<unknown[][]> {
  const t = await makeApp({ dataDir, keepDir: true, clock: testClock(Date.parse('2024-05-10T12:00:00Z')) });
  try {
    const { key } = await createApiKey(t.db, { name: 'import test' });
    const res = await t.app.inject({
      method: 'POST', url: '/api/v2/query', headers: { authorization: `Bearer ${key}` },
      payload: { site_id: 'shop.example', date_range: ['2024-05-01', '2024-05-02'], metrics: ['visitors', 'pageviews'], dimensions: ['time:day'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { results: Array<{ dimensions: unknown[]; metrics: number[] }> }).results.map((r) => [...r.dimensions, ...r.metrics]);
  } finally {
    await t.close();
  }
}

test('a Caddy JSON access log, imported without a server (site from the host)', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  try {
    const log = caddyLog();
    fs.writeFileSync(path.join(dataDir, 'caddy.json'), log.text);
    await runAdminOp(dataDir, 'site.add', { domain: 'shop.example', timezone: 'UTC' });
    const result = await runCommand(importCommand, [path.join(dataDir, 'caddy.json'), '--data', dataDir]);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^Imported 2 events from .*caddy\.json \(caddy\)$/m);
    const events = (await runAdminOp(dataDir, 'events.list', { site: 'shop.example' })) as EventRow[];
    assert.deepEqual(events.map((e) => [e.ts, e.pathname, e.source, e.country]), [
      ['2024-06-01T12:00:00.000Z', '/', 'DuckDuckGo', 'GB'], ['2024-06-01T12:01:00.000Z', '/about', null, 'GB'],
    ]);
    const nginx = await runCommand(importCommand, [path.join(dataDir, 'caddy.json'), '--format', 'combined', '--data', dataDir]);
    assert.match(nginx.err, /pass --site <domain>/);
  } finally {
    removeDir(dataDir);
  }
});
