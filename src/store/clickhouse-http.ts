// A ClickHouse server over HTTP through @clickhouse/client. Kept thin: everything above it is
// tested against the in-process engine (chdb) through the same ClickHouseConnection.
import { createClient } from '@clickhouse/client';
import { CLICKHOUSE_IO_SETTINGS, CLICKHOUSE_QUERY_SETTINGS, cleanClickHouseMessage, type ClickHouseConnection } from './clickhouse.ts';
import { checkIdentifier } from './clickhouse-ddl.ts';

export interface ClickHouseHttpOptions {
  /** http(s)://[user:password@]host:8123 */
  url: string;
  database: string;
}

export function connectClickHouseHttp(o: ClickHouseHttpOptions): ClickHouseConnection {
  const client = createClient({
    url: o.url,
    database: o.database,
    clickhouse_settings: { ...CLICKHOUSE_QUERY_SETTINGS, ...CLICKHOUSE_IO_SETTINGS },
    request_timeout: 60_000,
  });
  const clean = (error: unknown): Error => new Error(cleanClickHouseMessage((error as Error).message ?? String(error)));
  return {
    async query(sql, params = {}, settings = {}) {
      try {
        const result = await client.query({ query: sql, query_params: { ...params }, clickhouse_settings: { ...settings }, format: 'JSONEachRow' });
        return await result.json();
      } catch (error) {
        throw clean(error);
      }
    },
    async command(sql, params = {}) {
      await client.command({ query: sql, query_params: { ...params } }).catch((error: unknown) => {
        throw clean(error);
      });
    },
    async insertRows(table, rows) {
      if (rows.length === 0) return;
      await client.insert({ table, values: [...rows], format: 'JSONEachRow' }).catch((error: unknown) => {
        throw clean(error);
      });
    },
    async close() {
      await client.close();
    },
  };
}

/** Creates the database when missing, through a client bound to no database (one that is bound fails if it is missing). */
export async function ensureClickHouseDatabase(url: string, database: string): Promise<void> {
  const client = createClient({ url });
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${checkIdentifier(database, 'database')}` });
  } catch (error) {
    throw new Error(cleanClickHouseMessage((error as Error).message ?? String(error)));
  } finally {
    await client.close();
  }
}
