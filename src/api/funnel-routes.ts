// POST /api/v2/funnel: registered inside the stats API's secured scope, which has already
// checked that the caller may read the body's site_id.
import type { FastifyInstance } from 'fastify';
import { listGoals } from '../store/goal-store.ts';
import { parseFunnelBody } from '../query/funnel-input.ts';
import { listFunnels } from '../store/saved-store.ts';
import { ApiError } from '../errors.ts';
import { runFunnel } from '../query/funnel.ts';
import { loadSite } from '../query/site.ts';
import type { Db } from '../store/duckdb.ts';
import type { EventQueries } from '../store/event-queries.ts';

export function registerFunnelRoute(scope: FastifyInstance, deps: { db: Db; events: EventQueries; clock: { now(): number }; queryTimeoutMs: number }): void {
  scope.post('/api/v2/funnel', async (request) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError('invalid_query', 'body: expected a JSON funnel object (Content-Type: application/json)');
    const siteId = (body as { site_id?: unknown }).site_id;
    // The site first, so an unknown one is a 404 rather than a complaint about its goal ids.
    if (typeof siteId === 'string') await loadSite(deps.db, siteId);
    const site = typeof siteId === 'string' ? siteId : '';
    const goals = await listGoals(deps.db, site);
    const query = parseFunnelBody(body, { goals, funnels: await listFunnels(deps.db, site) });
    return runFunnel({ db: deps.db, events: deps.events, now: () => deps.clock.now(), timeoutMs: deps.queryTimeoutMs }, query, goals.map((g) => g.spec));
  });
}
