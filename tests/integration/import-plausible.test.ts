// A Plausible CSV export is imported and its numbers come out exact per day, source, page and
// entry page (asserted on the events table with the visit semantics of the stats API).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { importCommand } from '../../src/cli/import.ts';
import type { Db } from '../../src/store/duckdb.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { makeApp, testClock, type TestApp } from '../helpers/app.ts';
import { runCommand } from '../helpers/cli.ts';
import { plausibleZip, VISITORS, SOURCES, PAGES, ENTRY_PAGES } from '../helpers/plausible-fixture.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

const SITE = 'shop.example';
const TZ = 'Europe/Berlin';
let dataDir: string;
let db: Db;
let t: TestApp;
let output: string;

before(async () => {
  dataDir = tmpDir();
  await runAdminOp(dataDir, 'site.add', { domain: SITE, timezone: TZ });
  const zip = path.join(dataDir, 'plausible-export.zip');
  fs.writeFileSync(zip, plausibleZip());
  const result = await runCommand(importCommand, [zip, '--site', SITE, '--data', dataDir]);
  assert.equal(result.code, 0, result.err);
  output = result.out;
  t = await makeApp({ dataDir, keepDir: true, clock: testClock(Date.parse('2024-04-10T12:00:00Z')) });
  db = t.db;
});
after(async () => {
  await t.close();
  removeDir(dataDir);
});

/** Visits with their local day, first event's fields, pageviews and duration, as the stats API derives them. */
const VISITS = `WITH v AS (
  SELECT session_id, any_value(visitor_id) AS visitor_id, strftime(min(ts) AT TIME ZONE '${TZ}', '%Y-%m-%d') AS day,
    arg_min(source, ts) AS source, arg_min(pathname, ts) FILTER (name = 'pageview') AS entry,
    count(*) FILTER (name = 'pageview') AS pageviews, epoch(max(ts) - min(ts)) AS duration
  FROM events GROUP BY session_id)`;

test('the import reports every event imported', () => {
  const total = VISITORS.reduce((a, v) => a + v[2], 0) + 6 + 3;
  assert.match(output, new RegExp(`^Imported ${total} events from .*plausible-export\\.zip \\(plausible\\)$`, 'm'));
});

test('per local day: visitors, visits, pageviews, bounces and total visit duration are exact', async () => {
  const rows = await db.all<{ day: string; visitors: bigint; visits: bigint; pageviews: bigint; bounces: bigint; duration: number }>(
    `${VISITS} SELECT day, count(DISTINCT visitor_id) AS visitors, count(*) AS visits, sum(pageviews) AS pageviews,
      count(*) FILTER (pageviews = 1) AS bounces, round(sum(duration)) AS duration FROM v GROUP BY day ORDER BY day`,
  );
  assert.deepEqual(
    rows.map((r) => [r.day, Number(r.visitors), Number(r.pageviews), Number(r.bounces), Number(r.visits)]),
    VISITORS.map(([day, visitors, pageviews, bounces, visits]) => [day, visitors, pageviews, bounces, visits]),
  );
  rows.forEach((r, i) => assert.ok(Math.abs(Number(r.duration) - VISITORS[i]![5]) <= VISITORS[i]![4], `duration of ${r.day}: ${r.duration}`));
});

test('per day and source: visits and visitors are exact, the rest of the day is Direct', async () => {
  const rows = await db.all<{ day: string; source: string | null; visits: bigint; visitors: bigint }>(
    `${VISITS} SELECT day, source, count(*) AS visits, count(DISTINCT visitor_id) AS visitors FROM v GROUP BY ALL ORDER BY day, source NULLS LAST`,
  );
  const expected = SOURCES.map(([day, source, , , , , , visitors, visits]) => [day, source === 'Direct / None' ? null : source, visits, visitors]);
  expected.splice(3, 0, ['2024-03-30', null, 8, 5]);
  assert.deepEqual(rows.map((r) => [r.day, r.source, Number(r.visits), Number(r.visitors)]), expected);
});

test('per day: pageviews per page and entrances per entry page are exact', async () => {
  const pages = await db.all<{ day: string; page: string; n: bigint }>(
    `SELECT strftime(ts AT TIME ZONE '${TZ}', '%Y-%m-%d') AS day, pathname AS page, count(*) AS n FROM events WHERE name = 'pageview' GROUP BY ALL ORDER BY day, page`,
  );
  assert.deepEqual(pages.map((r) => [r.day, r.page, Number(r.n)]), PAGES.map(([day, , page, , , pv]) => [day, page, pv]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`)));
  const entries = await db.all<{ day: string; entry: string; n: bigint }>(`${VISITS} SELECT day, entry, count(*) AS n FROM v GROUP BY ALL ORDER BY day, entry`);
  assert.deepEqual(entries.map((r) => [r.day, r.entry, Number(r.n)]), ENTRY_PAGES.map(([day, page, , entrances]) => [day, page, entrances]));
});

test('countries, devices and custom events follow their tables; channels come from our classifier', async () => {
  const countries = await db.all<{ country: string; region: string | null; n: bigint }>(
    `${VISITS.replace('arg_min(source, ts) AS source', 'arg_min(country, ts) AS country, arg_min(region, ts) AS region')} SELECT country, region, count(*) AS n FROM v GROUP BY ALL ORDER BY country`,
  );
  assert.deepEqual(countries.map((r) => [r.country, r.region, Number(r.n)]), [['DE', 'DE-BE', 35], ['FR', 'FR-IDF', 30], ['GB', null, 10], ['US', null, 15]]);
  const [custom] = await db.all<{ signups: bigint; sessions: bigint; outbound: string }>(
    `SELECT count(*) FILTER (name = 'Signup') AS signups, count(DISTINCT session_id) FILTER (name = 'Signup') AS sessions,
      any_value(props['url']) FILTER (name = 'Outbound Link: Click') AS outbound FROM events`,
  );
  assert.deepEqual([Number(custom!.signups), Number(custom!.sessions), custom!.outbound], [6, 4, 'https://github.com/x']);
  const channels = await db.all<{ source: string; channel: string }>(`SELECT DISTINCT source, channel FROM events WHERE source IS NOT NULL ORDER BY source`);
  assert.deepEqual(channels.map((r) => [r.source, r.channel]), [['DuckDuckGo', 'Organic Search'], ['Google', 'Organic Search'], ['Hacker News', 'Organic Social'], ['Newsletter', 'Email']]);
  const [devices] = await db.all<{ desktop: bigint; firefox: bigint; linuxVersions: bigint }>(
    `SELECT count(DISTINCT session_id) FILTER (device = 'desktop') AS desktop, count(DISTINCT session_id) FILTER (browser = 'Firefox' AND browser_version = '125.0') AS firefox,
      count(*) FILTER (os = 'Linux' AND os_version IS NOT NULL) AS linuxVersions FROM events`,
  );
  assert.deepEqual([Number(devices!.desktop), Number(devices!.firefox), Number(devices!.linuxVersions)], [40, 50, 0]);
});

test('the stats API shows Plausible\'s numbers: per day, per source, per page', async () => {
  const { key } = await createApiKey(t.db, { name: 'import test' });
  const query = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v2/query', headers: { authorization: `Bearer ${key}` }, payload: { site_id: SITE, date_range: ['2024-03-30', '2024-04-01'], ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { results: Array<{ dimensions: unknown[]; metrics: number[] }> }).results.map((r) => [...r.dimensions, ...r.metrics]);
  };
  const days = await query({ metrics: ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration'], dimensions: ['time:day'] });
  assert.deepEqual(days, VISITORS.map(([day, visitors, pageviews, bounces, visits, duration]) => [day, visitors, visits, pageviews, Math.round((100 * bounces) / visits), Math.round(duration / visits)]));
  const sources = await query({ metrics: ['visits'], dimensions: ['visit:source'], order_by: [['visits', 'desc']] });
  assert.deepEqual(sources, [['Google', 40], ['Hacker News', 15], [null, 20], ['DuckDuckGo', 10], ['Newsletter', 5]].sort((a, b) => Number(b[1]) - Number(a[1])));
  const pages = await query({ metrics: ['pageviews'], dimensions: ['event:page'], order_by: [['pageviews', 'desc']] });
  assert.deepEqual(pages, [['/', 95], ['/pricing', 50], ['/blog/hello', 30], ['/docs', 25]]);
});

test('a Plausible export needs --site, and an unknown site is refused clearly', async () => {
  const zip = path.join(dataDir, 'plausible-export.zip');
  assert.match((await runCommand(importCommand, [zip, '--data', dataDir])).err, /pass --site <domain>/);
  assert.match((await runCommand(importCommand, [zip, '--site', 'nope.example', '--data', dataDir])).err, /no site "nope\.example"; add it first/);
});
