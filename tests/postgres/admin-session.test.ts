// Issue 17, item 2: every CLI command reaches the app data through one admin session, so with
// INKLING_APP_DB and no server running they all work on PostgreSQL, never on a DuckDB file in the
// data dir. Before, `apikey`, `retention`, `export`, `import` and `backup` opened inkling.duckdb.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { apikeyCommand } from '../../src/cli/apikey.ts';
import { retentionCommand } from '../../src/cli/retention.ts';
import { exportCommand } from '../../src/cli/export.ts';
import { importCommand } from '../../src/cli/import.ts';
import { backupCommand } from '../../src/cli/backup.ts';
import { listApiKeys } from '../../src/store/api-keys.ts';
import { listRetention } from '../../src/maintenance/retention.ts';
import { openPostgresDb } from '../../src/store/postgres.ts';
import { DB_FILE } from '../../src/store/app-db.ts';
import { runAdminOp } from '../helpers/admin.ts';
import { nginxLog } from '../helpers/access-logs.ts';
import { runCommand } from '../helpers/cli.ts';
import { skipWithoutPostgres, startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const skip = skipWithoutPostgres();
const SITE = 'example.com';
let server: TestPostgres;

before(async () => {
  if (!skip) server = await startPostgres();
});
after(async () => {
  await server?.stop();
});

test('item 2: apikey, retention, export, import and backup with INKLING_APP_DB and no server work on PostgreSQL, not on a DuckDB file', { skip, timeout: 60_000 }, async () => {
  const url = await server.createDatabase();
  const dataDir = tmpDir();
  const work = tmpDir();
  // As deployed: events in ClickHouse, which only the nodes reach (nothing listens at this address).
  const env = { INKLING_APP_DB: url, INKLING_STORE: 'clickhouse', INKLING_CLICKHOUSE_URL: 'http://127.0.0.1:9' };
  const cli = (command: Parameters<typeof runCommand>[0], args: string[]) => runCommand(command, [...args, '--data', dataDir], env);
  const db = await openPostgresDb(url);
  try {
    await runAdminOp(dataDir, 'site.add', { domain: SITE, timezone: 'UTC' }, url);

    const created = await cli(apikeyCommand, ['create', '--name', 'ci']);
    assert.equal(created.code, 0, created.err);
    assert.deepEqual((await listApiKeys(db)).map((k) => k.name), ['ci'], 'the key is in PostgreSQL');
    assert.match((await cli(apikeyCommand, ['list'])).out, /\tci\t/);

    assert.equal((await cli(retentionCommand, [])).out, `${SITE}\tforever`, 'the sites of PostgreSQL');
    const set = await cli(retentionCommand, [SITE, '30']);
    assert.equal(set.code, 0, set.err);
    assert.match(set.out, /keeps 30 days of events \(older events are deleted by the nodes daily\)/);
    assert.deepEqual(await listRetention(db), [{ domain: SITE, days: 30 }]);

    // Events are in ClickHouse: refused, saying so, rather than read from or written to a local file.
    const exported = await cli(exportCommand, [SITE, '--out', path.join(work, 'out.csv')]);
    assert.equal(exported.code, 1);
    assert.match(exported.err, /events are in ClickHouse/);
    assert.ok(!fs.existsSync(path.join(work, 'out.csv')));
    const log = path.join(work, 'access.log');
    fs.writeFileSync(log, nginxLog().text);
    const imported = await cli(importCommand, [log, '--site', SITE, '--format', 'combined']);
    assert.equal(imported.code, 1);
    assert.match(imported.err, /events are in ClickHouse/);
    const backup = await cli(backupCommand, [path.join(work, 'backup.duckdb')]);
    assert.equal(backup.code, 1);
    assert.match(backup.err, /PostgreSQL.*pg_dump/);
    assert.ok(!fs.existsSync(path.join(work, 'backup.duckdb')));

    assert.ok(!fs.existsSync(path.join(dataDir, DB_FILE)), 'no DuckDB file was made');
  } finally {
    await db.close();
    removeDir(dataDir);
    removeDir(work);
  }
});
