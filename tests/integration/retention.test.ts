// Retention: per-site days (or forever), applied when set, by `retention run`, and by the server's daily job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDuckDb, type Db } from '../../src/store/duckdb.ts';
import { applyRetention } from '../../src/maintenance/retention.ts';
import { DAY_MS } from '../../src/lib/time.ts';
import { retentionCommand } from '../../src/cli/retention.ts';
import { seedEvents, seedSite, makeEvent } from '../helpers/seed.ts';
import { startServer } from '../helpers/server.ts';
import { runCommand } from '../helpers/cli.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';

const NOW = Date.now();

/** Ten events per site, one a day going back from today. */
async function seed(db: Db): Promise<void> {
  let id = 1n;
  for (const site of ['a.example', 'b.example']) {
    await seedSite(db, site);
    await seedEvents(db, Array.from({ length: 10 }, (_, day) => makeEvent({ id: id++, ts: NOW - day * DAY_MS - 60_000, site, name: 'pageview', visitorId: 1n, sessionId: 1n })));
  }
}

async function counts(db: Db): Promise<Record<string, number>> {
  const rows = await db.all<{ site: string; n: bigint }>('SELECT site, count(*) AS n FROM events GROUP BY site ORDER BY site');
  return Object.fromEntries(rows.map((r) => [r.site, Number(r.n)]));
}

test('applyRetention deletes only past-retention events of sites that have one', async () => {
  const db = await openDuckDb(':memory:');
  try {
    await seed(db);
    assert.deepEqual(await applyRetention(db, duckdbEventQueries(db), NOW), [], 'no site has a retention yet');
    await db.run(`UPDATE sites SET retention_days = 3 WHERE domain = 'a.example'`);
    assert.deepEqual(await applyRetention(db, duckdbEventQueries(db), NOW), [{ domain: 'a.example', deleted: 7 }]);
    assert.deepEqual(await counts(db), { 'a.example': 3, 'b.example': 10 });
    assert.deepEqual(await applyRetention(db, duckdbEventQueries(db), NOW + DAY_MS), [{ domain: 'a.example', deleted: 1 }], 'a day later, one more');
  } finally {
    await db.close();
  }
});

test('inkling retention without a server: set, list, off, run, and clear errors', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  try {
    const db = await openDuckDb(path.join(dataDir, 'inkling.duckdb'));
    await seed(db);
    await db.close();
    const cli = (...args: string[]) => runCommand(retentionCommand, [...args, '--data', dataDir]);
    assert.match((await cli('a.example', '5')).out, /^a\.example keeps 5 days of events \(5 older events deleted\)$/);
    assert.equal((await cli()).out, 'a.example\t5 days\nb.example\tforever');
    assert.match((await cli('a.example', 'off')).out, /a\.example keeps its events forever/);
    assert.equal((await cli('run')).out, 'No site has a retention; nothing to delete.');
    const unknown = await cli('nope.example', '5');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /no site "nope\.example"/);
    assert.match((await cli('a.example', '0')).err, /from 1 to 36500/);
    assert.equal((await cli('a.example', 'soon')).code, 2);
    const reopened = await openDuckDb(path.join(dataDir, 'inkling.duckdb'));
    assert.deepEqual(await counts(reopened), { 'a.example': 5, 'b.example': 10 });
    await reopened.close();
  } finally {
    removeDir(dataDir);
  }
});

test('inkling retention while a server runs goes through the admin socket', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  const db = await openDuckDb(path.join(dataDir, 'inkling.duckdb'));
  await seed(db);
  await db.close();
  const server = await startServer({ dataDir });
  try {
    const result = await runCommand(retentionCommand, ['b.example', '2', '--data', dataDir]);
    assert.match(result.out, /b\.example keeps 2 days of events \(8 older events deleted\)/);
    const events = await server.events();
    assert.equal(events.filter((e) => e.site === 'b.example').length, 2);
    assert.equal(events.filter((e) => e.site === 'a.example').length, 10);
  } finally {
    await server.close();
  }
});
