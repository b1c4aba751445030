// A development server for working on the dashboard's design: a throw-away store with a year
// of generated traffic (and a few live visitors), the real stats and dashboard routes, on
// 127.0.0.1. Usage: npx tsx web/tools/dev-server.ts [--port 8787] [--events 300000]
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { installErrorHandler } from '../../src/api/errors.ts';
import { registerDashboardRoutes } from '../../src/api/dashboard-routes.ts';
import { ensureWebBuild } from '../../src/web-build.ts';
import { createLogger } from '../../src/log.ts';
import { registerStatsRoutes } from '../../src/api/stats-routes.ts';
import { generateEvents, seedEvents, seedSite } from '../../tests/helpers/seed.ts';
import { tmpDir } from '../../tests/helpers/tmp.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8787' }, events: { type: 'string', default: '300000' } } });
const log = createLogger();
const distDir = path.resolve(import.meta.dirname, '../dist');
await ensureWebBuild(distDir, log);
const db = await openDuckDb(path.join(tmpDir('inkling-dev-'), 'dev.duckdb'));
const now = Date.now();
await seedSite(db, 'demo.example', 'Europe/Berlin');
await seedSite(db, 'empty.example', 'UTC');
await seedSite(db, 'blog.example', 'UTC');
await seedEvents(db, generateEvents({ sites: ['demo.example', 'demo.example', 'blog.example'], start: now - 400 * 86_400_000, end: now - 60_000, count: Number(values.events), seed: 7 }));
await seedEvents(db, generateEvents({ sites: ['demo.example'], start: now - 25 * 60_000, end: now, count: 400, seed: 9, firstId: 10_000_000_000n }));

const app = Fastify({ logger: false });
installErrorHandler(app, log);
await registerStatsRoutes(app, { db, clock: { now: () => Date.now() }, localAccess: true });
await registerDashboardRoutes(app, { db, distDir, localAccess: true });
const url = await app.listen({ port: Number(values.port), host: '127.0.0.1' });
log.info('dev server', { url: `${url}/demo.example` });
