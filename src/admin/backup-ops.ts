// The admin operation behind `inkling backup`, run by the server that holds the file or on it directly.
import { AdminError } from '../lib/admin-error.ts';
import { backupDatabase } from '../maintenance/backup.ts';
import type { Db } from '../store/duckdb.ts';
import type { AdminContext, AdminOps } from './ops.ts';

export function backupOps(ctx: AdminContext): AdminOps {
  return {
    'backup.create': async (args) => {
      if (await isPostgres(ctx.db)) throw new AdminError('app data is in PostgreSQL (--app-db): back it up with pg_dump, and the events with ClickHouse\'s BACKUP');
      // Everything acknowledged so far goes into the backup.
      await ctx.flush?.();
      return backupDatabase(ctx.db, String(args.file ?? ''));
    },
  };
}

/** A backup is a DuckDB file made by DuckDB itself; PostgreSQL has its own tools. */
async function isPostgres(db: Db): Promise<boolean> {
  const [row] = await db.all<{ v: string }>('SELECT version() AS v');
  return /postgres/i.test(String(row?.v ?? ''));
}
