// The privacy audit's database side: every text-like column of every table, prefiltered in SQL and
// confirmed with the same patterns as the file scan (compressed column data is invisible to a byte scan).
import { DuckDBInstance } from '@duckdb/node-api';
import type { AdminContext, AdminOps } from '../admin/ops.ts';
import { findPersonalData } from './audit-patterns.ts';
import type { Finding } from './audit-files.ts';

type Query = (sql: string, params?: string[]) => Promise<Array<Record<string, unknown>>>;

/** RE2 (no look-around): a loose net; the JS patterns decide. */
const PREFILTER = String.raw`[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:[0-9a-fA-F:]*[0-9a-fA-F]|[A-Za-z][A-Za-z0-9.-]*/[0-9]`;
const SAMPLES = 5;

export async function scanTables(query: Query, label: string): Promise<Finding[]> {
  const columns = await query(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'main' AND (data_type LIKE '%VARCHAR%' OR data_type LIKE 'MAP%' OR data_type = 'JSON' OR data_type LIKE 'STRUCT%')
       -- A site's excluded IP ranges are the operator's own settings, not visitor data.
       AND NOT (table_name = 'sites' AND column_name = 'excluded_ips')
     ORDER BY table_name, ordinal_position`,
  );
  const findings: Finding[] = [];
  for (const { table_name: table, column_name: column } of columns as Array<{ table_name: string; column_name: string }>) {
    const value = `CAST(${ident(column)} AS VARCHAR)`;
    const rows = await query(`SELECT DISTINCT ${value} AS v FROM ${ident(table)} WHERE regexp_matches(${value}, ?) LIMIT 1000`, [PREFILTER]);
    let found = 0;
    for (const { v } of rows) {
      for (const match of findPersonalData(String(v))) {
        if (found++ < SAMPLES) findings.push({ where: `${label}: ${table}.${column}`, kind: match.kind, masked: match.masked });
      }
    }
  }
  return findings;
}

/** Opens a database file read-only (a backup, or the live one when no server holds it) and scans it. */
export async function scanDatabaseFile(file: string): Promise<Finding[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      return await scanTables(async (sql, params) => (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as Array<Record<string, unknown>>, file);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

export function auditOps(ctx: AdminContext): AdminOps {
  return {
    'audit.store': async (args) => {
      await ctx.flush?.();
      return scanTables((sql, params) => ctx.db.all(sql, params), String(args.label ?? 'database'));
    },
  };
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
