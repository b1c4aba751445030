// runAdminOp(dataDir, ...): one admin operation through the CLI's admin session (the running
// server, else the data dir's Store), with the config a CLI on that data dir would load.
import { loadConfig } from '../../src/config.ts';
import { runAdminOp as runOp } from '../../src/admin/admin-session.ts';

/**
 * `appDb`: a PostgreSQL URL, as with INKLING_APP_DB (events then in ClickHouse, at an address no
 * CLI reaches: only the nodes do).
 */
export function runAdminOp(dataDir: string, op: string, args: Record<string, unknown> = {}, appDb: string | null = null): Promise<unknown> {
  const shared = appDb === null ? [] : ['--store', 'clickhouse', '--clickhouse-url', 'http://127.0.0.1:9', '--app-db', appDb];
  return runOp(loadConfig(['--data', dataDir, ...shared], {}), op, args);
}
