// Formula-like text (=, +, -, @, tab, CR) is neutralised by the one CSV writer in both exports
// (the stats API and `inkling export`), and `inkling import` takes the prefix off again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeApp } from '../helpers/app.ts';
import { runCommand } from '../helpers/cli.ts';
import { makeEvent, seedEvents } from '../helpers/seed.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { importCommand } from '../../src/cli/import.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { parseCsv } from '../../src/lib/csv.ts';

const SITE = 'example.com';
const T0 = Date.parse('2026-06-15T10:00:00Z');
const FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
// Values that already start with the prefix must come back unchanged too.
const APOSTROPHES = ["'=quoted", "'plain", "''"];

let source: string;
let work: string;
let apiCsv = '';

before(async () => {
  source = tmpDir();
  work = tmpDir();
  const t = await makeApp({ sites: [SITE], dataDir: source, keepDir: true });
  const values = [...FORMULAS, ...APOSTROPHES];
  await seedEvents(t.db, values.map((value, i) => makeEvent({
    id: BigInt(1000 + i), ts: T0 + i, site: SITE, name: i === 0 ? value : 'pageview', visitorId: BigInt(i + 1), sessionId: BigInt(i + 1),
    pathname: value, title: value, referrer: value, utmCampaign: value, props: { plan: value },
  })));
  const { key } = await createApiKey(t.db, { name: 'test' });
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/stats/export?site_id=${SITE}&period=day&property=event:page`, headers: { authorization: `Bearer ${key}` } });
  assert.equal(res.statusCode, 200, res.body);
  apiCsv = res.body;
  await t.close();
});
after(() => {
  removeDir(source);
  removeDir(work);
});

async function records(text: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const record of parseCsv([text][Symbol.iterator]() as unknown as AsyncIterable<string>)) out.push(record);
  return out;
}

/** Every column but the id, in a stable order, as text. */
async function snapshot(dataDir: string): Promise<string[]> {
  const db = await openDuckDb(path.join(dataDir, 'inkling.duckdb'));
  try {
    const rows = await db.all(`SELECT * EXCLUDE (id, site) FROM events WHERE site = ? ORDER BY ts`, [SITE]);
    return rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  } finally {
    await db.close();
  }
}

const startsLikeFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

test('finding 9: the stats API export neutralises formula-like page paths', async () => {
  const cells = (await records(apiCsv)).slice(1).map((row) => row[0]!);
  for (const value of FORMULAS) assert.ok(cells.includes(`'${value}`), `${JSON.stringify(value)} is prefixed`);
  assert.ok(!cells.some(startsLikeFormula), 'no cell starts like a formula');
});

test('finding 9: `inkling export --format csv` neutralises formula-like values, and import gives back the exact events', { timeout: 60_000 }, async () => {
  const file = path.join(work, 'events.csv');
  const exported = await runCommand(exportCommand, [SITE, '--format', 'csv', '--out', file, '--data', source]);
  assert.equal(exported.code, 0, exported.err);
  const rows = await records(fs.readFileSync(file, 'utf8'));
  const header = rows[0]!;
  for (const column of ['name', 'pathname', 'title', 'referrer', 'utm_campaign']) {
    const cells = rows.slice(1).map((row) => row[header.indexOf(column)]!);
    assert.ok(!cells.some(startsLikeFormula), `no ${column} cell starts like a formula`);
    assert.ok(cells.includes(`'${column === 'name' ? FORMULAS[0] : FORMULAS[1]}`), column);
  }
  assert.ok(rows.slice(1).some((row) => row[header.indexOf('pathname')] === "''=quoted"), 'a leading apostrophe is doubled, so it survives import');

  const target = path.join(work, 'target');
  await runAdminOp(target, 'site.add', { domain: SITE, timezone: 'UTC' });
  const imported = await runCommand(importCommand, [file, '--data', target]);
  assert.equal(imported.code, 0, imported.err);
  assert.deepEqual(await snapshot(target), await snapshot(source));
});
