// createApp(deps) builds the HTTP app without listening, so tests use inject() against a real store.
import http, { type RequestListener } from 'node:http';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './store/duckdb.ts';
import type { EventQueries } from './store/event-queries.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Ingest } from './ingest/ingest.ts';
import type { Clock } from './lib/clock.ts';
import { createClientIpResolver } from './lib/client-ip.ts';
import { installErrorHandler } from './api/error-handler.ts';
import { registerCollectRoutes } from './api/collect.ts';
import { collectPaths, createCollectHandler } from './api/collect-handler.ts';
import { registerHostCheck } from './api/host-check.ts';
import { registerOpsRoutes } from './api/ops-routes.ts';
import { registerTrackerRoutes } from './api/tracker-routes.ts';
import { registerStatsRoutes } from './api/stats-routes.ts';
import { registerDashboardRoutes } from './api/dashboard-routes.ts';
import { WEB_DIST } from './web-build.ts';
import { registerAccountRoutes } from './api/account-routes.ts';
import { registerGoalRoutes } from './api/goals-routes.ts';
import { createAuthContext } from './auth/context.ts';
import type { SetupGate } from './auth/setup-gate.ts';
import type { AdminOps } from './admin/ops.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Where the store's events are queried (the Store's). */
  events: EventQueries;
  log: Logger;
  metrics: Metrics;
  ingest: Ingest;
  clock: Clock;
  /** The data dir's secret (src/auth/secret.ts). */
  secret: Buffer;
  /** Open while no user exists: the one-time token that creates the owner. */
  setup: SetupGate;
  /** The admin operations (sites, settings) the site routes share with the CLI. */
  admin: AdminOps;
  /** Sees every route as it is registered (the route-table snapshot test). */
  onRoute?: (route: RouteOptions) => void;
}

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const resolveIp = createClientIpResolver(deps.config.trustProxy);
  const collect = createCollectHandler({
    ingest: deps.ingest, clock: deps.clock, resolveIp, eventPath: deps.config.eventPath, bodyLimit: deps.config.bodyLimitBytes,
  });
  let closing = false;
  const app = Fastify({
    logger: false, // Fastify's request log would write client addresses.
    bodyLimit: deps.config.bodyLimitBytes,
    connectionTimeout: 30_000,
    routerOptions: { maxParamLength: 500 },
    // Collect hits go straight to their handler (collect-handler.ts says why); the rest, and hits
    // once closing has begun (answered 503), go through Fastify.
    serverFactory: (handler) => createHttpServer((request, response) => {
      if (closing || !collect(request, response)) handler(request, response);
    }),
    return503OnClosing: true,
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  installErrorHandler(app, deps.log);
  if (deps.config.publicUrl !== null) registerHostCheck(app, { publicUrl: deps.config.publicUrl, isOpenRoute: openRoutes(deps.config) });
  await app.register(async (scope) =>
    registerCollectRoutes(scope, collect, { eventPath: deps.config.eventPath }),
  );
  await registerTrackerRoutes(app, { scriptPath: deps.config.scriptPath });
  const auth = createAuthContext({ config: deps.config, db: deps.db, secret: deps.secret, clock: deps.clock, resolveIp });
  await registerStatsRoutes(app, { db: deps.db, events: deps.events, clock: deps.clock, auth, queryTimeoutMs: deps.config.queryTimeoutMs });
  await registerOpsRoutes(app, {
    metrics: deps.metrics, access: { metricsPublic: deps.config.metricsPublic, publicUrl: deps.config.publicUrl },
    metricsOnOwnPort: deps.config.metricsPort !== null, auth,
  });
  await registerAccountRoutes(app, { auth, setup: deps.setup, ops: deps.admin });
  await app.register(async (scope) => registerGoalRoutes(scope, auth));
  await registerDashboardRoutes(app, { db: deps.db, distDir: WEB_DIST, frameAncestors: deps.config.frameAncestors });
  return app;
}

/**
 * Routes that answer any Host: sites' pages call the collect endpoints and tracker scripts by
 * whatever name they were given (a first-party alias, a CDN), and load balancers probe /healthz.
 */
function openRoutes(config: Config): (route: string) => boolean {
  const { pixel, events, umami } = collectPaths({ eventPath: config.eventPath });
  const open = new Set([pixel, ...events, umami, '/healthz', ...(config.scriptPath === null ? [] : [config.scriptPath])]);
  return (route) => open.has(route) || route.startsWith('/js/');
}

/**
 * Node's own limits: bigger headers get 431; a client that has not sent its headers in 10 s
 * (slowloris) is cut off, checked every 2 s rather than Node's default 30 s.
 */
function createHttpServer(listener: RequestListener): http.Server {
  const server = http.createServer({ maxHeaderSize: 16_384, headersTimeout: 10_000, requestTimeout: 15_000, connectionsCheckingInterval: 2_000 }, listener);
  server.keepAliveTimeout = 10_000;
  return server;
}
