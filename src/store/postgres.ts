// App data in PostgreSQL (--app-db): the same Db interface as the DuckDB store, so every app-data
// function runs unchanged on a database that several nodes share. Events are not here (ClickHouse).
import { DuckDBBlobValue } from '@duckdb/node-api';
import pg from 'pg';
import type { Db, Row, SqlValue } from './duckdb.ts';
import { applyMigrations } from './migrate.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const NO_DUCKDB = 'the PostgreSQL app database has no DuckDB connection (events are in ClickHouse)';
/** Any fixed number: nodes starting together take turns to migrate. */
const MIGRATION_LOCK = 7_346_101;

/** Values come back as the DuckDB store gives them: BIGINT as bigint, DECIMAL as number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (text: string) => BigInt(text);
    if (oid === NUMERIC_OID) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export async function openPostgresDb(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, types, max: 10 });
  // A connection that dies while idle is replaced by the next query, whose error is the one reported.
  pool.on('error', () => undefined);
  try {
    await migrateOnOneConnection(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    get connection(): never {
      throw new Error(NO_DUCKDB);
    },
    connect: () => Promise.reject(new Error(NO_DUCKDB)),
    async all<T extends Row>(sql: string, params?: SqlValue[]) {
      return (await pool.query(sql, toPg(params))).rows as T[];
    },
    async run(sql, params) {
      await pool.query(sql, toPg(params));
    },
    async read<T extends Row>(sql: string, params?: SqlValue[]) {
      return (await pool.query(sql, toPg(params))).rows as T[];
    },
    close: () => pool.end(),
  };
}

/** Migrations need BEGIN and COMMIT on the same connection, and one node at a time. */
async function migrateOnOneConnection(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await applyMigrations({
      all: async <T extends Row>(sql: string, params?: SqlValue[]) => (await client.query(sql, toPg(params))).rows as T[],
      run: async (sql, params) => void (await client.query(sql, toPg(params))),
    }, 'postgres');
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** The app-data code binds salts as DuckDB BLOB values; pg sends a Buffer as bytea. */
function toPg(params: SqlValue[] | undefined): unknown[] | undefined {
  return params?.map((value) => (value instanceof DuckDBBlobValue ? Buffer.from(value.bytes) : value));
}
