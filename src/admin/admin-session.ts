// The one way a CLI command runs admin operations: over the running server's socket, or, when none
// runs, on the same Store the server would open (the app database of --app-db included).
import path from 'node:path';
import type { Config } from '../config.ts';
import { silentLogger } from '../log.ts';
import { Metrics } from '../metrics.ts';
import { AdminError } from '../lib/admin-error.ts';
import type { OpCaller } from '../lib/op-caller.ts';
import { EventsElsewhereError } from '../store/event-queries.ts';
import type { SegmentSink } from '../store/event-sink.ts';
import { Spool } from '../store/spool.ts';
import { openLocalStore } from '../store/store.ts';
import { Writer } from '../store/writer.ts';
import { callAdmin, isServing, socketPath } from './channel.ts';
import { createAdminOps, type AdminContext } from './ops.ts';

export interface AdminSession extends OpCaller {
  /** True when the operations go to a running server. */
  readonly remote: boolean;
  close(): Promise<void>;
}

/** The running server's session, or null when no server answers on the data dir's socket. */
export async function serverSession(dataDir: string): Promise<AdminSession | null> {
  if (!(await isServing(socketPath(dataDir)))) return null;
  return { remote: true, call: async (op, args = {}) => (await callAdmin(dataDir, op, args)) as never, close: async () => {} };
}

export async function openAdminSession(config: Config): Promise<AdminSession> {
  const server = await serverSession(config.dataDir);
  if (server) return server;
  const store = await openLocalStore(config);
  const writer = store.sink === null ? null : lazyWriter(config, store.sink);
  const ctx: AdminContext = {
    db: store.app, events: store.events,
    ...(writer === null
      ? { enqueue: () => Promise.reject(new EventsElsewhereError()) }
      : { flush: async () => (await writer.open()).flush(), enqueue: async (event) => (await writer.open()).enqueue(event) }),
  };
  const ops = createAdminOps(ctx);
  return {
    remote: false,
    async call(op, args = {}) {
      const run = Object.hasOwn(ops, op) ? ops[op] : undefined;
      if (!run) throw new AdminError(`unknown admin operation "${op}"`);
      // Through JSON, so both paths hand callers the same shapes (bigints as strings).
      return JSON.parse(JSON.stringify(await run(args), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as never;
    },
    async close() {
      await writer?.close();
      await store.close();
    },
  };
}

/**
 * The writer, opened (replaying the spool) by the first operation that stores or reads events,
 * so that listing sites or users never touches the spool.
 */
function lazyWriter(config: Config, sink: SegmentSink): { open(): Promise<Writer>; close(): Promise<void> } {
  let writer: Promise<Writer> | null = null;
  return {
    open: () => (writer ??= Writer.open({
      spool: new Spool(path.join(config.dataDir, 'spool'), config.spoolMaxBytes),
      sink, log: silentLogger, metrics: new Metrics(),
      batchSize: config.batchSize, flushIntervalMs: config.flushIntervalMs, now: () => Date.now(),
    })),
    close: async () => (writer === null ? undefined : (await writer).close()),
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

/** One operation in a session of its own. */
export function runAdminOp<T = unknown>(config: Config, op: string, args: Record<string, unknown> = {}): Promise<T> {
  return withAdminSession(config, (session) => session.call<T>(op, args));
}
