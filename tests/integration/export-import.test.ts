// `inkling export` (CSV and JSONL) and `inkling import` of that file give back the same events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { exportCommand } from '../../src/cli/export.ts';
import { importCommand } from '../../src/cli/import.ts';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { runCommand } from '../helpers/cli.ts';
import { generateEvents, seedEvents, seedSite, makeEvent } from '../helpers/seed.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

const SITE = 'export.example';
const T0 = Date.UTC(2026, 0, 1);
let source: string;
let work: string;

/** Every column but the id, in a stable order, as text. */
async function snapshot(dbFile: string, site: string): Promise<string[]> {
  const db = await openDuckDb(dbFile);
  try {
    const rows = await db.all(`SELECT * EXCLUDE (id, site) FROM events WHERE site = ? ORDER BY ts, session_id, name, pathname, engaged_ms`, [site]);
    return rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  } finally {
    await db.close();
  }
}

before(async () => {
  source = tmpDir();
  work = tmpDir();
  const db: Db = await openDuckDb(path.join(source, 'inkling.duckdb'));
  await seedSite(db, SITE);
  await seedSite(db, 'other.example');
  await seedEvents(db, generateEvents({ sites: [SITE, 'other.example'], start: T0, end: T0 + 3 * 86_400_000, count: 3000, seed: 7 }));
  // Awkward values: quotes, commas, newlines, unicode and prototype keys must survive both formats.
  await seedEvents(db, [makeEvent({
    id: 10_000_000n, ts: T0 + 1, site: SITE, name: 'Odd "event", with\nnewline', visitorId: 2n ** 64n - 1n, sessionId: 1n,
    pathname: '/ünïcødé/"q",x', title: '=cmd|x', props: { ['__proto__']: 'p', constructor: 'c', 'a,b': 'line1\nline2' }, revenue: 12.3456, device: 'tablet',
  })]);
  await db.close();
});
after(() => {
  removeDir(source);
  removeDir(work);
});

for (const format of ['csv', 'jsonl'] as const) {
  test(`export as ${format} and import it into a new data dir: the same events`, { timeout: 60_000 }, async () => {
    const file = path.join(work, `events.${format}`);
    const exported = await runCommand(exportCommand, [SITE, '--format', format, '--out', file, '--data', source]);
    assert.equal(exported.code, 0, exported.err);
    const expected = await snapshot(path.join(source, 'inkling.duckdb'), SITE);
    assert.match(exported.out, new RegExp(`^Exported ${expected.length} events of ${SITE.replace('.', '\\.')} to `));
    assert.match(exported.err, new RegExp(`export ${SITE.replace('.', '\\.')} 100% ${expected.length.toLocaleString('en-US')}/`), 'a final plain progress line');

    const target = path.join(work, `target-${format}`);
    await runAdminOp(target, 'site.add', { domain: SITE, timezone: 'UTC' });
    const imported = await runCommand(importCommand, [file, '--data', target]);
    assert.equal(imported.code, 0, imported.err);
    assert.equal(imported.out.split('\n')[0], `Imported ${expected.length} events from ${file} (inkling-${format})`);
    assert.deepEqual(await snapshot(path.join(target, 'inkling.duckdb'), SITE), expected);
  });
}

test('export refuses an unknown site and an existing file; import reports bad rows and goes on', { timeout: 60_000 }, async () => {
  const unknown = await runCommand(exportCommand, ['nope.example', '--out', path.join(work, 'x.csv'), '--data', source]);
  assert.match(unknown.err, /no site "nope\.example"/);
  assert.ok(!fs.existsSync(path.join(work, 'x.csv')), 'no file is left behind');
  fs.writeFileSync(path.join(work, 'exists.csv'), '');
  assert.match((await runCommand(exportCommand, [SITE, '--out', path.join(work, 'exists.csv'), '--data', source])).err, /already exists/);

  const target = path.join(work, 'target-bad');
  await runAdminOp(target, 'site.add', { domain: SITE, timezone: 'UTC' });
  const good = { ts: '2026-01-01T00:00:00.000Z', site: SITE, name: 'pageview', visitor_id: '1', session_id: '2', pathname: '/' };
  const lines = [good, { ...good, ts: 'yesterday' }, { ...good, device: 'fridge' }, { ...good, visitor_id: '-1' }, { ...good, props: { n: 1 } }].map((r) => JSON.stringify(r));
  fs.writeFileSync(path.join(work, 'bad.jsonl'), [...lines, 'not json', '[1]', ''].join('\n'));
  const result = await runCommand(importCommand, [path.join(work, 'bad.jsonl'), '--format', 'inkling-jsonl', '--data', target]);
  assert.equal(result.code, 0, result.err);
  assert.equal(result.out, [
    `Imported 1 events from ${path.join(work, 'bad.jsonl')} (inkling-jsonl)`,
    '  invalid row: device is not desktop, mobile or tablet: 1',
    '  invalid row: not JSON: 1',
    '  invalid row: not a JSON object: 1',
    '  invalid row: props holds a key or value out of bounds: 1',
    '  invalid row: ts is not an ISO time between 2000 and 2200: 1',
    '  invalid row: visitor_id is not an unsigned 64-bit integer: 1',
  ].join('\n'));
});
