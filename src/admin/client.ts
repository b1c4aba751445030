// Runs an admin operation wherever the data lives: through the running server, or on the file directly.
import path from 'node:path';
import { callAdmin, isServing, socketPath } from './channel.ts';
import { createAdminOps, AdminError } from './ops.ts';
import { openDuckDb } from '../store/duckdb.ts';
import { prepareDataDir } from '../store/data-dir.ts';
import { openPostgresDb } from '../store/postgres.ts';

export const DB_FILE = 'inkling.duckdb';

/** `appDb`: the config's PostgreSQL app database (--app-db), used when no server runs. */
export async function runAdminOp(dataDir: string, op: string, args: Record<string, unknown> = {}, appDb: string | null = null): Promise<unknown> {
  if (await isServing(socketPath(dataDir))) return callAdmin(dataDir, op, args);
  prepareDataDir(dataDir);
  const db = appDb !== null ? await openPostgresDb(appDb) : await openDuckDb(path.join(dataDir, DB_FILE));
  try {
    const ops = createAdminOps({ db });
    const run = Object.hasOwn(ops, op) ? ops[op] : undefined;
    if (!run) throw new AdminError(`unknown admin operation "${op}"`);
    // Round-trip through JSON so both paths hand callers the same shapes (bigints as strings).
    return JSON.parse(JSON.stringify(await run(args), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  } finally {
    await db.close();
  }
}
