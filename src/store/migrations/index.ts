// The ordered list of schema migrations; add a file and append it here.
import * as m001 from './001-init.ts';
import * as m002 from './002-retention.ts';
import * as m003 from './003-api-keys.ts';
import * as m004 from './004-accounts.ts';
import * as m005 from './005-goals.ts';
import * as m006 from './006-rollups.ts';
import * as m007 from './007-key-creators.ts';
import * as m008 from './008-totp.ts';

export type Engine = 'duckdb' | 'postgres';

/**
 * One SQL text for both engines, or one per engine where their types differ; null skips the
 * statement on that engine (the events table: with PostgreSQL app data, events live in ClickHouse).
 */
export type Statement = string | Readonly<Record<Engine, string | null>>;

export interface Migration {
  version: number;
  statements: readonly Statement[];
}

export function statementFor(statement: Statement, engine: Engine): string | null {
  return typeof statement === 'string' ? statement : statement[engine];
}

export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008];
