// What Inkling needs from a ClickHouse server: the HTTP client (clickhouse-http.ts) in production,
// the in-process engine (chdb) in tests and benchmarks. Both speak JSONEachRow.
import type { Row } from './duckdb.ts';

export interface ClickHouseConnection {
  /** Rows of a statement whose `{name:Type}` placeholders are bound from `params`, with extra `settings` for it alone. */
  query<T extends Row = Row>(sql: string, params?: Readonly<Record<string, unknown>>, settings?: Readonly<Record<string, number>>): Promise<T[]>;
  /** A statement without rows (DDL, mutations), `{name:Type}` placeholders bound from `params`. */
  command(sql: string, params?: Readonly<Record<string, unknown>>): Promise<void>;
  /** Inserts rows (JSON objects keyed by column) in one INSERT: ClickHouse wants few, large inserts. */
  insertRows(table: string, rows: readonly Row[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Settings every query of the builder needs, sent with each query (HTTP) or at connect (chdb):
 * - join_use_nulls: a LEFT JOIN miss gives NULL (SQL's meaning), not the type's default;
 * - prefer_column_name_to_alias: `SELECT label(d0) AS d0` and `max(x) AS x` read the column,
 *   as in standard SQL, instead of recursing into the alias.
 */
export const CLICKHOUSE_QUERY_SETTINGS = { join_use_nulls: 1, prefer_column_name_to_alias: 1 } as const;

/** The bound parameter name of the index-th value; engines bind `{ p1: v1, ... }`. */
export function clickhouseParamName(index: number): string {
  return `p${index}`;
}

/**
 * Settings sent with every query, so each engine reads and writes the same values:
 * 64-bit integers as JSON strings (exact beyond 2^53, as the HTTP server does by default).
 */
export const CLICKHOUSE_IO_SETTINGS = { output_format_json_quote_64bit_integers: 1 } as const;

/** A ClickHouse error without its code prefix, version suffix and documentation links. */
export function cleanClickHouseMessage(message: string): string {
  return message
    .replace(/^Code: \d+\. DB::Exception: /, '')
    .replace(/ \(version [^)]*\)\s*$/, '')
    .replace(/\. Look at https?:\S+.*$/s, '')
    .split('\n')[0]!;
}
