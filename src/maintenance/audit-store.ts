// The privacy audit's database side: every text-like column of every table, prefiltered in SQL and
// confirmed with the same patterns as the file scan (compressed column data is invisible to a byte scan).
import { DuckDBInstance } from '@duckdb/node-api';
import { findPersonalData } from './audit-patterns.ts';
import type { Finding } from './audit-files.ts';

type Query = (sql: string, params?: string[]) => Promise<Array<Record<string, unknown>>>;

/** RE2 (no look-around): a loose net; the JS patterns decide. */
const PREFILTER = String.raw`[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:[0-9a-fA-F:]*[0-9a-fA-F]|[A-Za-z][A-Za-z0-9.-]*/[0-9]|@[A-Za-z0-9-]+\.`;
const SAMPLES = 5;

export async function scanTables(query: Query, label: string): Promise<Finding[]> {
  const columns = await query(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'main' AND (data_type LIKE '%VARCHAR%' OR data_type LIKE 'MAP%' OR data_type = 'JSON' OR data_type LIKE 'STRUCT%')
       -- A site's excluded IP ranges and the users' sign-in addresses are the operator's own, not visitor data.
       AND NOT (table_name = 'sites' AND column_name = 'excluded_ips')
       AND NOT (table_name = 'users' AND column_name = 'email')
     ORDER BY table_name, ordinal_position`,
  );
  const accounts = await accountEmails(query);
  const findings: Finding[] = [];
  for (const { table_name: table, column_name: column } of columns as Array<{ table_name: string; column_name: string }>) {
    const value = `CAST(${ident(column)} AS VARCHAR)`;
    const rows = await query(`SELECT DISTINCT ${value} AS v FROM ${ident(table)} WHERE regexp_matches(${value}, ?) LIMIT 1000`, [PREFILTER]);
    let found = 0;
    for (const { v } of rows) {
      for (const match of findPersonalData(String(v), accounts)) {
        if (found++ < SAMPLES) findings.push({ where: `${label}: ${table}.${column}`, kind: match.kind, masked: match.masked });
      }
    }
  }
  return findings;
}

/** The users' sign-in addresses (lowercase), when the database holds the app data. */
export async function accountEmails(query: Query): Promise<Set<string>> {
  const [table] = await query(`SELECT 1 AS ok FROM information_schema.columns WHERE table_schema = 'main' AND table_name = 'users' AND column_name = 'email'`);
  if (table === undefined) return new Set();
  return new Set((await query('SELECT email FROM users')).map((row) => String(row.email).toLowerCase()));
}

/** Opens a database file read-only (a backup, or the live one when no server holds it) and scans it. */
export async function scanDatabaseFile(file: string): Promise<Finding[]> {
  return withDatabaseFile(file, (query) => scanTables(query, file));
}

/** The account addresses a database file holds, read-only. */
export async function readAccountEmails(file: string): Promise<Set<string>> {
  return withDatabaseFile(file, accountEmails);
}

async function withDatabaseFile<T>(file: string, use: (query: Query) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      return await use(async (sql, params) => (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as Array<Record<string, unknown>>);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
