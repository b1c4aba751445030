// The stats API: POST /api/v2/query, Plausible v1 endpoints, CSV export, the /analytics page
// (all behind Bearer API keys) and the public OpenAPI document.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/duckdb.ts';
import { ApiError, errorBody } from '../query/errors.ts';
import { openApiDocument } from '../query/openapi.ts';
import { parseQuery } from '../query/query-schema.ts';
import { runQuery } from '../query/runner.ts';
import { bearerAuth, RateLimiter } from './api-keys.ts';
import { registerAnalyticsPage } from './analytics-page.ts';
import { registerExportRoute } from './stats-export.ts';
import { registerV1Routes } from './stats-v1.ts';

export interface StatsDeps {
  db: Db;
  clock: { now(): number };
  /** Loopback clients may read without a key (see AuthDeps.localAccess). */
  localAccess?: boolean;
}

export async function registerStatsRoutes(app: FastifyInstance, deps: StatsDeps): Promise<void> {
  await app.register(async (scope) => {
    // Our errors carry their status and a message safe to show; anything else goes up to the
    // app's handler (invalid JSON -> 400, the rest -> a logged, generic 500).
    scope.setErrorHandler((error, _request, reply) => {
      if (error instanceof ApiError) return reply.code(error.status).type('application/json; charset=utf-8').send(errorBody(error.code, error.message));
      throw error;
    });
    const document = openApiDocument();
    scope.get('/api/docs/openapi.json', async () => document);
    await scope.register(async (secured) => {
      secured.addHook('onRequest', bearerAuth({ db: deps.db, clock: deps.clock, limiter: new RateLimiter(), localAccess: deps.localAccess ?? false }));
      secured.post('/api/v2/query', async (request) => {
        if (request.body === undefined || request.body === null) throw new ApiError('invalid_query', 'body: expected a JSON query object (Content-Type: application/json)');
        return runQuery({ db: deps.db, now: () => deps.clock.now() }, parseQuery(request.body));
      });
      registerV1Routes(secured, deps);
      registerExportRoute(secured, deps);
      registerAnalyticsPage(secured, deps);
    });
  });
}
