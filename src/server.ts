// Assembles a running Inkling from a Config: store -> writer (replays the spool) -> pipeline -> app -> listen.
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Db } from './store/duckdb.ts';
import type { SegmentSink } from './store/event-sink.ts';
import type { EventQueries } from './store/event-queries.ts';
import { openStore } from './store/store.ts';
import type { ClickHouseConnection } from './store/clickhouse.ts';
import { Spool } from './store/spool.ts';
import { Writer } from './store/writer.ts';
import { listSiteSettings } from './store/site-settings.ts';
import { SiteRegistry, siteForRegistry } from './sites/registry.ts';
import { startSiteReload } from './sites/site-reload.ts';
import { Metrics } from './metrics.ts';
import { createPipelineDeps } from './ingest/setup.ts';
import type { Clock } from './lib/clock.ts';
import { HOUR_MS } from './lib/time.ts';
import { createIngest } from './ingest/ingest.ts';
import { createApp } from './app.ts';
import { serveMetricsPort, type MetricsServer } from './api/metrics-endpoint.ts';
import { serveAdmin, type AdminServer } from './admin/channel.ts';
import { createAdminOps, type AdminOps } from './admin/ops.ts';
import { ensureWebBuild, WEB_DIST } from './web-build.ts';
import { startRetention } from './maintenance/retention.ts';
import { loadOrCreateSecret } from './auth/secret.ts';
import { sealStoredTotpSecrets } from './auth/two-factor.ts';
import { SetupGate } from './auth/setup-gate.ts';
import { countUsers } from './store/users.ts';
import { deleteExpiredSessions } from './store/login-sessions.ts';
import { startRollupWorker } from './query/rollup/worker.ts';

export interface Inkling {
  app: FastifyInstance;
  /** The Store's app database. */
  db: Db;
  /** Where this server queries events (the Store's). */
  events: EventQueries;
  writer: Writer;
  /** The admin operations bound to this server's store and hot-path state. */
  admin: AdminOps;
  url: string;
  /** With --metrics-port, where /metrics is served (when listening); else null. */
  metricsUrl: string | null;
  /** Set while no user exists: the token of the one-time setup URL (/setup#token=...). */
  setupToken: string | null;
  /** The sites the collect endpoints accept (reloaded every few seconds when app data is shared). */
  sites: SiteRegistry;
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
  /** With --store clickhouse: this connection instead of HTTP (tests pass the in-process chdb). */
  clickhouse?: ClickHouseConnection;
  /** Tests list the app's routes as they are registered. */
  onRoute?: (route: RouteOptions) => void;
}

export async function startInkling(config: Config, deps: RuntimeDeps): Promise<Inkling> {
  const clock = deps.clock ?? { now: () => Date.now() };
  // App data in the DuckDB file or PostgreSQL (--app-db); events in DuckDB or ClickHouse (--store),
  // where stats, visit restore, retention and the admin operations all query them.
  const store = await openStore(config, deps.clickhouse);
  const { app: db, events, sink } = store;
  const metrics = new Metrics();
  const spool = new Spool(path.join(config.dataDir, 'spool'), config.spoolMaxBytes);
  const writer = await Writer.open({
    spool, sink: deps.sinkWrapper ? deps.sinkWrapper(sink) : sink, log: deps.log, metrics,
    batchSize: config.batchSize, flushIntervalMs: config.flushIntervalMs, now: () => clock.now(),
  });
  const sites = new SiteRegistry((await listSiteSettings(db)).map(siteForRegistry));
  const pipelineDeps = await createPipelineDeps({ config, db, events, log: deps.log, sites, clock, ...(deps.randomBytes ? { randomBytes: deps.randomBytes } : {}) });
  metrics.gauges = () => ({ queueEvents: writer.queued, spoolBytes: spool.bytes, sessions: pipelineDeps.visits.size });
  const adminOps = createAdminOps({ db, events, sites, flush: () => writer.flush(), enqueue: (event) => writer.enqueue(event) });
  const secret = loadOrCreateSecret(config.dataDir);
  await sealStoredTotpSecrets(db, secret);
  const opened = (await countUsers(db)) === 0 ? SetupGate.open() : null;
  const setup = opened?.gate ?? SetupGate.closed();
  const app = await createApp({ config, db, events, log: deps.log, metrics, ingest: createIngest(pipelineDeps, writer, metrics), clock, secret, setup, admin: adminOps, ...(deps.onRoute ? { onRoute: deps.onRoute } : {}) });

  const saltTimer = setInterval(() => void pipelineDeps.salts.sync().then(() => pipelineDeps.salts.prune()).catch(() => undefined), HOUR_MS);
  saltTimer.unref();
  // Expired sessions are refused when presented; this only keeps the table small.
  const sessionTimer = setInterval(() => void deleteExpiredSessions(db, clock.now()).catch(() => undefined), HOUR_MS);
  sessionTimer.unref();
  const retention = startRetention(db, events, deps.log, () => clock.now());
  // Daily rollups exist only where events are in the embedded DuckDB file.
  const rollups = config.appDb === null && events.engine === 'duckdb' ? startRollupWorker(db, deps.log, () => clock.now()) : null;
  const siteReload = config.appDb !== null ? startSiteReload(db, sites, deps.log) : null;
  let admin: AdminServer | null = null;
  let metricsServer: MetricsServer | null = null;
  let url = '';
  if (deps.listen !== false) {
    await ensureWebBuild(WEB_DIST, deps.log);
    admin = await serveAdmin(config.dataDir, adminOps, deps.log);
    url = await app.listen({ port: config.port, host: config.host });
    if (config.metricsPort !== null) {
      metricsServer = await serveMetricsPort({
        host: config.host, port: config.metricsPort, metrics, access: { metricsPublic: config.metricsPublic, publicUrl: config.publicUrl },
      });
    }
  }
  return {
    app, db, events, writer, admin: adminOps, url, metricsUrl: metricsServer?.url ?? null, setupToken: opened?.token ?? null, sites,
    async close() {
      await metricsServer?.close();
      clearInterval(saltTimer);
      clearInterval(sessionTimer);
      await retention.stop();
      await rollups?.stop();
      await siteReload?.stop();
      await app.close();
      await writer.close();
      await pipelineDeps.salts.settle();
      await admin?.close();
      await store.close();
    },
  };
}
