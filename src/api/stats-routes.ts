// The stats API: POST /api/v2/query, Plausible v1 endpoints, CSV export, the /analytics page
// and the public OpenAPI document. Readers: signed-in users, API keys scoped to the site, a
// share link of that one site, and anyone for a site made public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../store/duckdb.ts';
import type { EventQueries } from '../store/event-queries.ts';
import { ApiError, errorBody, QueryTimeoutError } from '../errors.ts';
import { openApiDocument } from '../query/openapi.ts';
import { parseQuery } from '../query/query-schema.ts';
import { runQuery, type RunnerDeps } from '../query/runner.ts';
import { authenticate, refusal } from '../auth/guard.ts';
import type { LoginContext } from '../auth/guesses.ts';
import { canReadSite } from '../auth/policy.ts';
import { principalOf } from '../auth/principal.ts';
import { isPublicSite } from '../store/site-settings.ts';
import { registerAnalyticsPage } from './analytics-page.ts';
import { registerFunnelRoute } from './funnel-routes.ts';
import { createReaderLimit } from './reader-limits.ts';
import { registerExportRoute } from './stats-export.ts';
import { registerV1Routes } from './stats-v1.ts';

export interface StatsDeps {
  db: Db;
  /** Where the store's events are queried. */
  events: EventQueries;
  clock: { now(): number };
  auth: LoginContext;
  /** The statement timeout of every stats query (config --query-timeout-ms). */
  queryTimeoutMs: number;
}

/** What every stats route runs its queries with. */
export function runnerDeps(deps: StatsDeps): RunnerDeps {
  return { db: deps.db, events: deps.events, now: () => deps.clock.now(), timeoutMs: deps.queryTimeoutMs };
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
      if (error instanceof QueryTimeoutError) reply.header('Retry-After', String(error.retryAfterSeconds));
      if (error instanceof ApiError) return reply.code(error.status).type('application/json; charset=utf-8').send(errorBody(error.code, error.message));
      throw error;
    });
    const document = openApiDocument();
    scope.get('/api/docs/openapi.json', async () => document);
    const limitReader = createReaderLimit(deps.auth);
    await scope.register(async (secured) => {
      // Credentials first (a bad key is refused before its body is read), then the site check.
      secured.addHook('onRequest', async (request, reply) => void (await authenticate(request, reply, deps.auth)));
      secured.addHook('preHandler', async (request, reply) => {
        const principal = principalOf(request);
        // The multi-site HTML page is for accounts and keys, never a share link.
        if (principal.kind === 'share' && request.routeOptions.url === '/analytics') throw refusal(principal);
        const site = requestedSite(request);
        // No site named: the handler answers 400 (or, for /analytics, lists what may be read).
        if (site === undefined) {
          if (principal.kind === 'user' || principal.kind === 'key') return;
          throw refusal(principal);
        }
        // Readers without a key of their own get a rate like one: per share link, per address for public sites.
        if (canReadSite(principal, site)) {
          if (principal.kind === 'share') limitReader(request, reply, { kind: 'share', shareId: principal.shareId });
          return;
        }
        if (!(await isPublicSite(deps.db, site))) throw refusal(principal);
        limitReader(request, reply, { kind: 'public' });
      });
      secured.post('/api/v2/query', async (request) => {
        if (request.body === undefined || request.body === null) throw new ApiError('invalid_query', 'body: expected a JSON query object (Content-Type: application/json)');
        return runQuery(runnerDeps(deps), parseQuery(request.body));
      });
      registerV1Routes(secured, deps);
      registerExportRoute(secured, deps);
      registerAnalyticsPage(secured, deps);
      registerFunnelRoute(secured, deps);
    });
  });
}
