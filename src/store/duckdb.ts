// The embedded DuckDB store: opens the file, applies migrations, runs SQL with bound values.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { applyMigrations } from './migrate.ts';
import { ThreadGovernor } from './duckdb-threads.ts';

export type SqlValue = DuckDBValue;
export type Row = Record<string, unknown>;

export interface Db {
  /** Rows as plain JS values (BIGINT -> bigint, TIMESTAMPTZ -> Date, DECIMAL -> number). */
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  run(sql: string, params?: SqlValue[]): Promise<void>;
  /**
   * Rows like all(), on one of a few extra connections, so reads that do not depend on each
   * other (the dashboard's panels, a period and its comparison) run at the same time. A
   * statement still running after `timeoutMs` is interrupted and rejects with StatementTimeoutError.
   */
  read<T extends Row = Row>(sql: string, params?: SqlValue[], timeoutMs?: number): Promise<T[]>;
  /** The connection app-data writes and queries go through; the writer loads events on its own. */
  readonly connection: DuckDBConnection;
  /** Another connection to the same database (the writer appends on its own). */
  connect(): Promise<DuckDBConnection>;
  close(): Promise<void>;
}

/** Rows (plain JS values) of a statement on a raw connection: the writer's, the rollup worker's. */
export async function connectionRows<T extends Row = Row>(connection: DuckDBConnection, sql: string, params?: SqlValue[]): Promise<T[]> {
  return (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as T[];
}

/** A statement interrupted because it ran past the time its caller allowed. */
export class StatementTimeoutError extends Error {
  override name = 'StatementTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`statement interrupted after ${timeoutMs} ms`);
  }
}

/**
 * Rows of a statement interrupted once it runs past `timeoutMs`, so one query cannot pin a core.
 * An interrupt that lands just after the statement finished is harmless: the next statement on
 * the connection runs normally.
 */
async function rowsWithin<T extends Row>(connection: DuckDBConnection, sql: string, params: SqlValue[] | undefined, timeoutMs: number): Promise<T[]> {
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    connection.interrupt();
  }, timeoutMs);
  try {
    return await connectionRows<T>(connection, sql, params);
  } catch (error) {
    throw expired ? new StatementTimeoutError(timeoutMs) : error;
  } finally {
    clearTimeout(timer);
  }
}

/** Reader connections: one per core of the 2-core box this is sized for. */
const READERS = 2;

/** Up to `size` connections made on demand; a use waits for a free one. */
class ReaderPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: Array<(c: DuckDBConnection) => void> = [];
  private made = 0;

  constructor(private readonly size: number, private readonly make: () => Promise<DuckDBConnection>) {}

  async use<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.take();
    try {
      return await work(conn);
    } finally {
      const next = this.waiting.shift();
      if (next) next(conn);
      else this.idle.push(conn);
    }
  }

  private async take(): Promise<DuckDBConnection> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.made < this.size) {
      this.made++;
      return this.make();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

export async function openDuckDb(path: string): Promise<Db> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  const opened: DuckDBConnection[] = [];
  // Closing a connection while DuckDB still runs one of its queries corrupts the heap
  // (seen here as SIGABRT at shutdown), so close() first waits for every query in flight.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  };
  // TIMESTAMPTZ values are rendered and truncated in UTC unless a query says otherwise.
  await connection.run(`SET TimeZone = 'UTC'`);
  // DuckDB checkpoints inside whichever commit crosses the WAL threshold, which makes that one
  // segment load (or a settings write) slow. A higher threshold plus the writer's own CHECKPOINT
  // every 100k events puts that work in a statement of its own.
  await connection.run(`SET checkpoint_threshold = '1GB'`);
  // On a connection of its own, so a change never queues behind a long statement of app data.
  const governed = await instance.connect();
  const threads = await ThreadGovernor.start(governed);
  const readers = new ReaderPool(READERS, async () => {
    const reader = await instance.connect();
    await reader.run(`SET TimeZone = 'UTC'`);
    opened.push(reader);
    return reader;
  });
  const db: Db = {
    connection,
    async all<T extends Row>(sql: string, params?: SqlValue[]) {
      const reader = await track(connection.runAndReadAll(sql, params));
      return reader.getRowObjectsJS() as T[];
    },
    async read<T extends Row>(sql: string, params?: SqlValue[], timeoutMs?: number) {
      const rows = (reader: DuckDBConnection) => (timeoutMs === undefined ? connectionRows<T>(reader, sql, params) : rowsWithin<T>(reader, sql, params, timeoutMs));
      return track(threads.during(() => readers.use(rows)));
    },
    async run(sql, params) {
      await track(connection.run(sql, params));
    },
    async connect() {
      const extra = await instance.connect();
      await extra.run(`SET TimeZone = 'UTC'`);
      opened.push(extra);
      return extra;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      await threads.stop();
      governed.closeSync();
      for (const extra of opened) extra.closeSync();
      connection.closeSync();
      instance.closeSync();
    },
  };
  await applyMigrations(db, 'duckdb');
  return db;
}
