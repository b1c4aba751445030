// Online backup into a new DuckDB file (one consistent snapshot, salts left out) and restore from one.
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Db } from '../store/duckdb.ts';
import { openDuckDb } from '../store/duckdb.ts';
import { PRIVATE_FILE, prepareDataDir } from '../store/data-dir.ts';
import { AdminError } from '../lib/admin-error.ts';
import { DB_FILE } from '../store/app-db.ts';

/** Tables whose rows never leave the live database: a kept salt would let old visitor ids be re-derived. */
const NOT_BACKED_UP = new Set(['salts']);
const ATTACHED = 'inkling_backup';

export interface BackupResult {
  file: string;
  bytes: number;
  events: number;
}

/** Copies the schema and every table but the salts into `file`, in one transaction (one snapshot). */
export async function backupDatabase(db: Db, file: string): Promise<BackupResult> {
  checkNewFile(file);
  const [current] = await db.all<{ name: string }>('SELECT current_database() AS name');
  const source = quoteIdent(current!.name);
  await db.run(`ATTACH ${quoteLiteral(file)} AS ${ATTACHED}`);
  try {
    // DuckDB makes the file (it refuses an empty one made beforehand), with the process umask:
    // private before a row is copied in, as it may sit outside the data directory. Its WAL lives
    // only until DETACH and gets the umask, 077 in every inkling command.
    fs.chmodSync(file, PRIVATE_FILE);
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(`COPY FROM DATABASE ${source} TO ${ATTACHED} (SCHEMA)`);
      const tables = await db.all<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_catalog = ? AND table_schema = 'main' AND table_type = 'BASE TABLE'`,
        [current!.name],
      );
      for (const { name } of tables) {
        if (!NOT_BACKED_UP.has(name)) await db.run(`INSERT INTO ${ATTACHED}.main.${quoteIdent(name)} SELECT * FROM ${source}.main.${quoteIdent(name)}`);
      }
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
  } catch (error) {
    await db.run(`DETACH ${ATTACHED}`).catch(() => undefined);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.wal`, { force: true });
    throw new AdminError(`backup failed: ${(error as Error).message.split('\n')[0]}`);
  }
  await db.run(`DETACH ${ATTACHED}`);
  const [row] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
  return { file, bytes: fs.statSync(file).size, events: Number(row?.n ?? 0n) };
}

/**
 * Replaces the data dir's database with the backup. The caller makes sure no server runs.
 * The replaced database is kept next to it as inkling.duckdb.pre-restore.
 */
export async function restoreDatabase(dataDir: string, file: string): Promise<{ events: number; sites: number; previous: string | null }> {
  await checkBackupFile(file);
  const target = path.join(dataDir, DB_FILE);
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    // Opening the live file first proves no other process holds it.
    await (await openDuckDb(target)).close();
    previous = `${target}.pre-restore`;
    fs.renameSync(target, previous);
    fs.rmSync(`${target}.wal`, { force: true });
  }
  prepareDataDir(dataDir);
  fs.copyFileSync(file, target);
  // copyFile gives the copy the backup's mode, whatever it is.
  fs.chmodSync(target, PRIVATE_FILE);
  const db = await openDuckDb(target); // applies any newer migrations
  try {
    const [row] = await db.all<{ events: bigint; sites: bigint }>('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sites) AS sites');
    return { events: Number(row?.events ?? 0n), sites: Number(row?.sites ?? 0n), previous };
  } finally {
    await db.close();
  }
}

/** A backup is a DuckDB file holding our tables; anything else is refused before the live file is touched. */
async function checkBackupFile(file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new AdminError(`no backup file ${file}`);
  let instance: DuckDBInstance | null = null;
  try {
    instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT count(*) FROM information_schema.tables WHERE table_name IN ('events', 'sites', 'schema_migrations')`);
    connection.closeSync();
    if (Number(reader.getRowsJS()[0]?.[0]) !== 3) throw new Error('it has no Inkling tables');
  } catch (error) {
    throw new AdminError(`${file} is not an Inkling backup (${(error as Error).message.split('\n')[0]})`);
  } finally {
    instance?.closeSync();
  }
}

function checkNewFile(file: string): void {
  if (!path.isAbsolute(file)) throw new AdminError(`the backup path must be absolute, got ${file}`);
  if (fs.existsSync(file)) throw new AdminError(`${file} already exists; choose a new file name`);
  if (!fs.existsSync(path.dirname(file))) throw new AdminError(`the directory ${path.dirname(file)} does not exist`);
}

function quoteLiteral(text: string): string {
  if (/[\u0000-\u001f]/.test(text)) throw new AdminError('the backup path contains control characters');
  return `'${text.replaceAll("'", "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
