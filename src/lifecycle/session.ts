// A CLI's way to run many admin operations: over the running server's socket, or on the data
// dir directly (store, spool and writer opened once, as the server would) when none runs.
import path from 'node:path';
import type { Config } from '../config.ts';
import { callAdmin, isServing, socketPath } from '../admin/channel.ts';
import { DB_FILE } from '../admin/client.ts';
import { AdminError, createAdminOps } from '../admin/ops.ts';
import { openDuckDb } from '../store/duckdb.ts';
import { prepareDataDir } from '../store/data-dir.ts';
import { duckDbSink } from '../store/event-sink.ts';
import { Spool } from '../store/spool.ts';
import { Writer } from '../store/writer.ts';
import { listSites } from '../store/app-data.ts';
import { SiteRegistry } from '../sites/registry.ts';
import { Metrics } from '../metrics.ts';
import { silentLogger } from '../log.ts';

export interface AdminSession {
  /** True when the operations go to a running server. */
  readonly remote: boolean;
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function openAdminSession(config: Config): Promise<AdminSession> {
  if (await isServing(socketPath(config.dataDir))) {
    return { remote: true, call: async (op, args = {}) => (await callAdmin(config.dataDir, op, args)) as never, close: async () => {} };
  }
  prepareDataDir(config.dataDir);
  const db = await openDuckDb(path.join(config.dataDir, DB_FILE));
  const writer = await Writer.open({
    spool: new Spool(path.join(config.dataDir, 'spool'), config.spoolMaxBytes),
    sink: duckDbSink(await db.connect()),
    log: silentLogger, metrics: new Metrics(),
    batchSize: config.batchSize, flushIntervalMs: config.flushIntervalMs, now: () => Date.now(),
  });
  const ops = createAdminOps({
    db, sites: new SiteRegistry(await listSites(db)),
    flush: () => writer.flush(), enqueue: (event) => writer.enqueue(event),
  });
  return {
    remote: false,
    async call(op, args = {}) {
      const run = Object.hasOwn(ops, op) ? ops[op] : undefined;
      if (!run) throw new AdminError(`unknown admin operation "${op}"`);
      // Through JSON, so both paths hand callers the same shapes (bigints as strings).
      return JSON.parse(JSON.stringify(await run(args), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as never;
    },
    async close() {
      await writer.close();
      await db.close();
    },
  };
}

/** Runs `work` in a session and always closes it. */
export async function withAdminSession<T>(config: Config, work: (session: AdminSession) => Promise<T>): Promise<T> {
  const session = await openAdminSession(config);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
