// Assembles a running Inkling from a Config: store -> writer (replays the spool) -> pipeline -> app -> listen.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { openDuckDb, type Db } from './store/duckdb.ts';
import { duckDbSink, type SegmentSink } from './store/event-sink.ts';
import { Spool } from './store/spool.ts';
import { Writer } from './store/writer.ts';
import { listSites } from './store/app-data.ts';
import { SiteRegistry } from './sites/registry.ts';
import { Metrics } from './metrics.ts';
import { createPipelineDeps, type Clock } from './ingest/setup.ts';
import { createIngest } from './ingest/ingest.ts';
import { createApp } from './app.ts';
import { serveAdmin, type AdminServer } from './admin/channel.ts';
import { createAdminOps, type AdminOps } from './admin/ops.ts';
import { DB_FILE } from './admin/client.ts';
import { ensureWebBuild, WEB_DIST } from './web-build.ts';
import { startRetention } from './lifecycle/retention.ts';

export interface Inkling {
  app: FastifyInstance;
  db: Db;
  writer: Writer;
  /** The admin operations bound to this server's store and hot-path state. */
  admin: AdminOps;
  url: string;
  /** Stops accepting, stores everything accepted, closes the store. */
  close(): Promise<void>;
}

export interface RuntimeDeps {
  log: Logger;
  clock?: Clock;
  randomBytes?: (size: number) => Buffer;
  /** Tests build the app in-process without a socket. */
  listen?: boolean;
  /** Tests wrap the store's sink, e.g. to fail writes like a full disk. */
  sinkWrapper?: (sink: SegmentSink) => SegmentSink;
}

const HOUR_MS = 3_600_000;

export async function startInkling(config: Config, deps: RuntimeDeps): Promise<Inkling> {
  const clock = deps.clock ?? { now: () => Date.now() };
  fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await openDuckDb(path.join(config.dataDir, DB_FILE));
  const metrics = new Metrics();
  const spool = new Spool(path.join(config.dataDir, 'spool'), config.spoolMaxBytes);
  const sink = duckDbSink(await db.connect());
  const writer = await Writer.open({
    spool, sink: deps.sinkWrapper ? deps.sinkWrapper(sink) : sink, log: deps.log, metrics,
    batchSize: config.batchSize, flushIntervalMs: config.flushIntervalMs, now: () => clock.now(),
  });
  const sites = new SiteRegistry(await listSites(db));
  const pipelineDeps = await createPipelineDeps({ config, db, log: deps.log, sites, clock, ...(deps.randomBytes ? { randomBytes: deps.randomBytes } : {}) });
  metrics.gauges = () => ({ queueEvents: writer.queued, spoolBytes: spool.bytes, sessions: pipelineDeps.sessions.size });
  const app = await createApp({ config, db, log: deps.log, metrics, ingest: createIngest(pipelineDeps, writer, metrics), clock });

  const saltTimer = setInterval(() => void pipelineDeps.salts.prune().catch(() => undefined), HOUR_MS);
  saltTimer.unref();
  const retention = startRetention(db, deps.log, () => clock.now());
  const adminOps = createAdminOps({ db, sites, flush: () => writer.flush(), enqueue: (event) => writer.enqueue(event) });
  let admin: AdminServer | null = null;
  let url = '';
  if (deps.listen !== false) {
    await ensureWebBuild(WEB_DIST, deps.log);
    admin = await serveAdmin(config.dataDir, adminOps, deps.log);
    url = await app.listen({ port: config.port, host: config.host });
  }
  return {
    app, db, writer, admin: adminOps, url,
    async close() {
      clearInterval(saltTimer);
      await retention.stop();
      await app.close();
      await writer.close();
      await pipelineDeps.salts.settle();
      await admin?.close();
      await db.close();
    },
  };
}
