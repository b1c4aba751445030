// Runs one statement of a query through the daily rollups when they can answer it, else (or
// when they changed under it) over the events alone. Both give the same numbers (tests/unit/
// rollup-property.test.ts); only DuckDB stores keep rollups.
import type { Db } from '../../store/duckdb.ts';
import type { EventSource } from '../sql/build.ts';
import type { Dialect } from '../sql/dialect.ts';
import type { SqlQuery } from '../sql/plan.ts';
import { ROLLUPS_UNUSABLE } from '../sql/rollup-sql.ts';
import { forgetMarks, planSplit } from './split.ts';

const RANGE: EventSource = { kind: 'range' };

export async function withRollups<T>(db: Db, dialect: Dialect, q: SqlQuery, tz: string, run: (source: EventSource) => Promise<T>): Promise<T> {
  if (dialect.name !== 'duckdb') return run(RANGE);
  const split = await planSplit(db, q, tz);
  if (!split) return run(RANGE);
  try {
    return await run({ kind: 'split', split });
  } catch (error) {
    if (!String((error as Error).message).includes(ROLLUPS_UNUSABLE)) throw error;
    forgetMarks(db, q.site);
    return run(RANGE);
  }
}
