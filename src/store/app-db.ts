// The app database (sites, users, keys, salts...) from the config: PostgreSQL shared by every
// node with --app-db, else the DuckDB file in the data dir. The server and the CLI open it here.
import path from 'node:path';
import type { Config } from '../config.ts';
import { prepareDataDir } from './data-dir.ts';
import { openDuckDb, type Db } from './duckdb.ts';
import { openPostgresDb } from './postgres.ts';

export const DB_FILE = 'inkling.duckdb';

export async function openAppDb(config: Pick<Config, 'dataDir' | 'appDb'>): Promise<Db> {
  prepareDataDir(config.dataDir);
  return config.appDb !== null ? openPostgresDb(config.appDb) : openDuckDb(path.join(config.dataDir, DB_FILE));
}
