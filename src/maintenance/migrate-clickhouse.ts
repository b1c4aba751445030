// Moves the events of the DuckDB store into ClickHouse in id order, batch by batch. Re-running
// it (after an interruption) stores nothing twice: each batch skips ids ClickHouse already has.
import type { ClickHouseConnection } from '../store/clickhouse.ts';
import type { Db, Row } from '../store/duckdb.ts';
import { CLICKHOUSE_ROW_SELECT } from '../store/event-sql.ts';
import type { Progress } from '../lib/progress.ts';

export interface MigrateOptions {
  db: Db;
  conn: ClickHouseConnection;
  batchSize: number;
  /** Created with the number of events to move. */
  progress(total: number): Progress;
}

export interface MigrateResult {
  total: number;
  inserted: number;
  /** Already in ClickHouse (an earlier, interrupted run). */
  skipped: number;
}

/** The output column `id` is text, so the order and the filter name the table's numeric column. */
const SELECT_BATCH = `SELECT ${CLICKHOUSE_ROW_SELECT}
FROM events WHERE events.id > $1 ORDER BY events.id LIMIT $2`;

export async function migrateToClickHouse(o: MigrateOptions): Promise<MigrateResult> {
  const [count] = await o.db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
  const total = Number(count?.n ?? 0n);
  const progress = o.progress(total);
  let after = 0n;
  let done = 0;
  let inserted = 0;
  for (;;) {
    const rows = await o.db.all(SELECT_BATCH, [after, o.batchSize]);
    if (rows.length === 0) break;
    const first = BigInt(rows[0]!.id as string);
    after = BigInt(rows.at(-1)!.id as string);
    const present = await o.conn.query<{ id: string }>('SELECT id FROM events WHERE id BETWEEN {min:UInt64} AND {max:UInt64}', { min: String(first), max: String(after) });
    const stored = new Set(present.map((r) => r.id));
    const fresh = rows.filter((r) => !stored.has(r.id as string)).map(clickHouseRow);
    await o.conn.insertRows('events', fresh);
    inserted += fresh.length;
    done += rows.length;
    progress.update(done);
  }
  progress.finish(done);
  return { total, inserted, skipped: done - inserted };
}

function clickHouseRow(row: Row): Row {
  return { ...row, props: typeof row.props === 'string' ? (JSON.parse(row.props) as unknown) : {} };
}
