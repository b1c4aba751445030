// An in-process ClickHouse (npm `chdb`, a devDependency) behind the same ClickHouseConnection the
// HTTP client implements, so the ClickHouse SQL, DDL, sink and migration run on a real engine.
import { Session } from 'chdb';
import { CLICKHOUSE_IO_SETTINGS, CLICKHOUSE_QUERY_SETTINGS, cleanClickHouseMessage, type ClickHouseConnection } from '../../src/store/clickhouse.ts';
import { eventsDdl } from '../../src/store/clickhouse-ddl.ts';
import type { Row } from '../../src/store/duckdb.ts';

export const CHDB_DATABASE = 'inkling';

/** A chdb session in `dir` (a temporary one when omitted) using `database` for unqualified names. */
export function openChdb(dir?: string, database = CHDB_DATABASE): ClickHouseConnection {
  const settings = Object.entries({ ...CLICKHOUSE_QUERY_SETTINGS, ...CLICKHOUSE_IO_SETTINGS }).map(([k, v]) => `--${k}=${v}`);
  const session = new Session(dir, { connectionArgs: settings });
  let current = 'default';
  // Table names in the builder's SQL are unqualified: each statement runs in `database` once it exists.
  const use = async () => {
    if (current === database) return;
    const [row] = parse<{ n: string }>((await session.queryAsync(`SELECT count() AS n FROM system.databases WHERE name = '${database}'`, { format: 'JSONEachRow' })).text());
    if (Number(row?.n) > 0) {
      await session.queryAsync(`USE ${database}`);
      current = database;
    }
  };
  const fail = (error: unknown): never => {
    throw new Error(cleanClickHouseMessage((error as Error).message ?? String(error)));
  };
  return {
    async query<T extends Row = Row>(sql: string, params: Readonly<Record<string, unknown>> = {}, settings: Readonly<Record<string, number>> = {}) {
      await use();
      // chdb takes per-query settings only in the statement; the builder's SQL ends where a SETTINGS clause may follow.
      const clause = Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join(', ');
      const result = await session.queryBindAsync(clause ? `${sql} SETTINGS ${clause}` : sql, { ...params }, { format: 'JSONEachRow' }).catch(fail);
      return parse<T>(result.text());
    },
    async command(sql, params) {
      await use();
      await (params ? session.queryBindAsync(sql, { ...params }) : session.queryAsync(sql)).catch(fail);
    },
    async insertRows(table, rows) {
      if (rows.length === 0) return;
      await use();
      const qualified = table.includes('.') ? table : `${database}.${table}`;
      await session.insert({ table: qualified, values: rows.map((r) => JSON.stringify(r)).join('\n'), format: 'JSONEachRow' }).catch(fail);
    },
    async close() {
      session.close();
    },
  };
}

/** A chdb session with the single-server events table created from the production DDL. */
export async function openChdbWithEvents(dir?: string): Promise<ClickHouseConnection> {
  const conn = openChdb(dir);
  for (const statement of eventsDdl({ retentionDays: null, cluster: null, database: CHDB_DATABASE })) await conn.command(statement);
  return conn;
}

function parse<T>(text: string): T[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}
