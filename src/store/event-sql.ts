// DuckDB SQL over whole event rows, derived from the column table (event-columns.ts): the events
// DDL, the spool segment load and the two row formats read out of the table.
import { EVENT_COLUMNS, type EventColumn } from '../event-columns.ts';

/**
 * The events table as migration 001 creates it. The migration keeps its own literal (migrations
 * are history); tests/unit/event-columns.test.ts checks that the two agree.
 */
export function duckDbEventsDdl(): string {
  const columns = EVENT_COLUMNS.map((c) => `    ${c.name} ${c.duckdb}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE events (\n${columns.join(',\n')}\n  )`;
}

/**
 * The select list that turns a spool line, parsed into the VARCHAR list `v`, into an events row
 * (named after its column for the reader; the insert goes by position). Numeric columns use
 * TRY_CAST so that one odd value can never block a segment for good.
 */
export const LOAD_SELECT = EVENT_COLUMNS.map((c, i) => `${loadExpression(c, `v[${i + 1}]`)} AS ${c.name}`).join(',\n  ');

function loadExpression(c: EventColumn, v: string): string {
  switch (c.kind) {
    case 'uint64':
      return `${v}::${c.duckdb}`;
    case 'time':
      return `make_timestamptz(${v}::BIGINT * 1000)`;
    case 'text':
      return v;
    case 'int':
    case 'decimal':
      return `TRY_CAST(${v} AS ${c.duckdb})`;
    case 'json':
      return `TRY_CAST(${v}::JSON AS ${c.duckdb})`;
  }
}

/** The select list of the export row format (`inkling export`; transfer/event-row.ts reads it back). */
export const EXPORT_SELECT = EVENT_COLUMNS.map((c) => {
  switch (c.kind) {
    case 'time':
      return `strftime(${c.name}, '%Y-%m-%dT%H:%M:%S.%gZ') AS ${c.name}`;
    case 'decimal':
      return `CAST(${c.name} AS DOUBLE) AS ${c.name}`;
    case 'json':
      return `CAST(to_json(${c.name}) AS VARCHAR) AS ${c.name}`;
    case 'uint64':
    case 'text':
    case 'int':
      return c.name;
  }
}).join(', ');

/**
 * The select list of rows as the ClickHouse JSONEachRow insert reads them (clickhouse-sink.ts
 * eventRow): 64-bit integers and decimals as text, so nothing rounds on the way.
 */
export const CLICKHOUSE_ROW_SELECT = EVENT_COLUMNS.map((c) => {
  switch (c.kind) {
    case 'uint64':
    case 'decimal':
      return `CAST(${c.name} AS VARCHAR) AS ${c.name}`;
    case 'time':
      return `strftime(${c.name}, '%Y-%m-%d %H:%M:%S.%g') AS ${c.name}`;
    case 'json':
      return `CAST(to_json(${c.name}) AS VARCHAR) AS ${c.name}`;
    case 'text':
    case 'int':
      return c.name;
  }
}).join(', ');
