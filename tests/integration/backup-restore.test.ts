// Backup while the server takes traffic, restore refused while it runs, restore after it stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { backupCommand } from '../../src/cli/backup.ts';
import { restoreCommand } from '../../src/cli/restore.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { startServer } from '../helpers/server.ts';
import { request, pool } from '../helpers/http.ts';
import { runCommand } from '../helpers/cli.ts';
import { USER_AGENTS, ipFor, pick, pixelQuery } from '../helpers/traffic.ts';
import { tmpDir, removeDir } from '../helpers/tmp.ts';

async function countIn(file: string, sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    const value = Number((await connection.runAndReadAll(sql)).getRowsJS()[0]?.[0]);
    connection.closeSync();
    return value;
  } finally {
    instance.closeSync();
  }
}

test('backup under load, restore refused while serving, restore after stop', { timeout: 90_000 }, async () => {
  const work = tmpDir();
  const server = await startServer({ sites: ['example.com'], args: ['--trust-proxy', '127.0.0.1'] });
  const backup = path.join(work, 'backup.duckdb');
  try {
    const hit = (i: number) => request(`${server.url}/pixel.gif?d=example.com&${pixelQuery(i)}`, { headers: { 'user-agent': pick(USER_AGENTS, i), 'x-forwarded-for': ipFor(i) } });
    await pool(300, 8, hit);
    // Traffic keeps arriving while the backup runs.
    const during = pool(300, 4, (i) => hit(300 + i));
    const result = await runCommand(backupCommand, [backup, '--data', server.dataDir]);
    await during;
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^Backed up \d+ events to .*backup\.duckdb \(\d+\.\d MB\)$/);
    const backedUp = await countIn(backup, 'SELECT count(*) FROM events');
    assert.ok(backedUp >= 300 && backedUp <= 600, `backup holds ${backedUp} events`);
    assert.equal(await countIn(backup, 'SELECT count(*) FROM sites'), 1);
    assert.equal(await countIn(backup, 'SELECT count(*) FROM salts'), 0, 'salts never leave the live database');
    assert.equal(await countIn(backup, 'SELECT max(version) FROM schema_migrations'), await countIn(backup, 'SELECT count(*) FROM schema_migrations'));

    const again = await runCommand(backupCommand, [backup, '--data', server.dataDir]);
    assert.match(again.err, /already exists/);
    const refused = await runCommand(restoreCommand, [backup, '--data', server.dataDir]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /a server is running on .*; stop it first/);

    assert.equal(await server.stop(), 0);
    const restored = await runCommand(restoreCommand, [backup, '--data', server.dataDir]);
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, new RegExp(`Restored 1 sites and ${backedUp} events`));
    assert.ok(fs.existsSync(path.join(server.dataDir, 'inkling.duckdb.pre-restore')));
    const db = await openDuckDb(path.join(server.dataDir, 'inkling.duckdb'));
    const [row] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
    await db.close();
    assert.equal(Number(row?.n), backedUp);
  } finally {
    await server.close();
    removeDir(work);
  }
});

test('backup without a server, and restore refuses a file that is not a backup', { timeout: 60_000 }, async () => {
  const dataDir = tmpDir();
  try {
    const backup = path.join(dataDir, 'b.duckdb');
    const made = await runCommand(backupCommand, [backup, '--data', dataDir]);
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /Backed up 0 events/);
    const junk = path.join(dataDir, 'junk.duckdb');
    fs.writeFileSync(junk, 'not a database');
    const refused = await runCommand(restoreCommand, [junk, '--data', dataDir]);
    assert.match(refused.err, /is not an Inkling backup/);
    assert.match((await runCommand(restoreCommand, [path.join(dataDir, 'missing.duckdb'), '--data', dataDir])).err, /no backup file/);
    assert.equal((await runCommand(restoreCommand, ['--data', dataDir])).code, 2);
  } finally {
    removeDir(dataDir);
  }
});
