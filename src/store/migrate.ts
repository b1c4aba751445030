// Applies the numbered migrations that a store has not applied yet, each in one transaction.
import type { Db } from './duckdb.ts';
import { migrations, statementFor, type Engine } from './migrations/index.ts';

/** `db` must run every statement on one connection, so BEGIN and COMMIT enclose the migration. */
export async function applyMigrations(db: Pick<Db, 'all' | 'run'>, engine: Engine): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ DEFAULT now())`);
  const applied = new Set((await db.all<{ version: number }>(`SELECT version FROM schema_migrations`)).map((r) => r.version));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) {
        const sql = statementFor(statement, engine);
        if (sql !== null) await db.run(sql);
      }
      await db.run('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
  }
}
