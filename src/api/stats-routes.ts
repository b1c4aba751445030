// The stats API: POST /api/v2/query, Plausible v1 endpoints, CSV export, the /analytics page
// and the public OpenAPI document. Readers: signed-in users, API keys scoped to the site, a
// share link of that one site, and anyone for a site made public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../store/duckdb.ts';
import { ApiError, errorBody } from '../query/errors.ts';
import { openApiDocument } from '../query/openapi.ts';
import { parseQuery } from '../query/query-schema.ts';
import { runQuery } from '../query/runner.ts';
import { authenticate, refusal } from '../auth/guard.ts';
import { canReadSite } from '../auth/policy.ts';
import { principalOf, type AuthContext } from '../auth/principal.ts';
import { isPublicSite } from '../store/site-settings.ts';
import { registerAnalyticsPage } from './analytics-page.ts';
import { registerFunnelRoute } from './funnel-routes.ts';
import { registerExportRoute } from './stats-export.ts';
import { registerV1Routes } from './stats-v1.ts';

export interface StatsDeps {
  db: Db;
  clock: { now(): number };
  auth: AuthContext;
}

/** The site a stats request names: the query body's site_id, or the site_id parameter. */
function requestedSite(request: FastifyRequest): string | undefined {
  const body = request.body as { site_id?: unknown } | null | undefined;
  const query = request.query as { site_id?: unknown } | undefined;
  const site = request.method === 'POST' ? body?.site_id : query?.site_id;
  return typeof site === 'string' && site !== '' ? site : undefined;
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
      // Credentials first (a bad key is refused before its body is read), then the site check.
      secured.addHook('onRequest', async (request, reply) => void (await authenticate(request, reply, deps.auth)));
      secured.addHook('preHandler', async (request) => {
        const principal = principalOf(request);
        // The multi-site HTML page is for accounts and keys, never a share link.
        if (principal.kind === 'share' && request.routeOptions.url === '/analytics') throw refusal(principal);
        const site = requestedSite(request);
        // No site named: the handler answers 400 (or, for /analytics, lists what may be read).
        if (site === undefined) {
          if (principal.kind === 'user' || principal.kind === 'key') return;
          throw refusal(principal);
        }
        if (!canReadSite(principal, site) && !(await isPublicSite(deps.db, site))) throw refusal(principal);
      });
      secured.post('/api/v2/query', async (request) => {
        if (request.body === undefined || request.body === null) throw new ApiError('invalid_query', 'body: expected a JSON query object (Content-Type: application/json)');
        return runQuery({ db: deps.db, now: () => deps.clock.now() }, parseQuery(request.body));
      });
      registerV1Routes(secured, deps);
      registerExportRoute(secured, deps);
      registerAnalyticsPage(secured, deps);
      registerFunnelRoute(secured, deps);
    });
  });
}
