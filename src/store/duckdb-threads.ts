// DuckDB's thread count follows the reads. Ingestion's work (segment loads, span upkeep,
// checkpoints, rollup builds) is many small statements, and with a second DuckDB thread each
// of them paid for handing work across threads: one segment load took about 14-16 us of CPU per
// event with 2 threads against 10 with 1, and that CPU is taken from the event loop's cores.
// Stats reads scan millions of rows and need every core. So DuckDB runs on one thread, and
// goes to all of them while any read is in flight and for a moment after (a dashboard sends a
// burst of reads). The setting is global to the database, so a load that overlaps a read runs
// with all threads too: only speed changes, never a result.
import type { DuckDBConnection } from '@duckdb/node-api';

/** How long after the last read DuckDB stays on all threads: a dashboard's panels come in bursts. */
const IDLE_MS = 2_000;

export class ThreadGovernor {
  private active = 0;
  private current: number;
  private timer: NodeJS.Timeout | null = null;
  /** SET statements run one after another, each deciding from the state when it runs. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(private readonly connection: DuckDBConnection, private readonly all: number, private readonly idleMs: number) {
    this.current = all;
  }

  /** Reads DuckDB's default thread count (one per core) and drops to one thread. */
  static async start(connection: DuckDBConnection, idleMs = IDLE_MS): Promise<ThreadGovernor> {
    const reader = await connection.runAndReadAll(`SELECT current_setting('threads')::INTEGER`);
    const governor = new ThreadGovernor(connection, Number(reader.getRowsJS()[0]?.[0] ?? 1), idleMs);
    await governor.settle();
    return governor;
  }

  /** Around every read: all threads from before it starts until idleMs after the last one ends. */
  async during<T>(read: () => Promise<T>): Promise<T> {
    this.active++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.settle();
    try {
      return await read();
    } finally {
      if (--this.active === 0) {
        this.timer = setTimeout(() => void this.settle(), this.idleMs);
        this.timer.unref();
      }
    }
  }

  /** Waits for pending changes; no later change starts (for close()). */
  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
  }

  private settle(): Promise<void> {
    this.chain = this.chain
      .then(async () => {
        const wanted = this.active > 0 ? this.all : 1;
        if (wanted === this.current) return;
        await this.connection.run(`SET threads = ${wanted}`);
        this.current = wanted;
      })
      // A failed change leaves DuckDB as it was: slower or more eager, never wrong.
      .catch(() => undefined);
    return this.chain;
  }
}
