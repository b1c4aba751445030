// Goals, saved segments and saved funnels of a site over HTTP, under /api/sites/<domain>/.
// Reads need read access to the site; writes are admin-only (and CSRF-checked for sessions).
// The two halves register separately so each can carry its own policy.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { guard } from '../auth/guard.ts';
import { canAdminSite, canReadSite } from '../auth/policy.ts';
import type { AuthContext } from '../auth/principal.ts';
import { createGoal, deleteGoal, goalJson, listGoals } from '../store/goal-store.ts';
import { parseGoalInput } from '../query/goal-input.ts';
import { MAX_WINDOW_SECONDS } from '../query/funnel-input.ts';
import { createFunnel, createSegment, deleteSaved, listFunnels, listSegments, type SavedFunnel } from '../store/saved-store.ts';
import { ApiError } from '../errors.ts';
import { MAX_FUNNEL_STEPS, MIN_FUNNEL_STEPS } from '../query/funnel.ts';
import { filterSchema, filterToJson } from '../query/query-schema.ts';
import * as s from '../query/schema.ts';
import { isPublicSite } from '../store/site-settings.ts';
import { requireSite, siteParam } from './site-routes.ts';

const MAX_GOALS = 100;
const nameSchema = s.string({ minLength: 1, maxLength: 120 });
const segmentSchema = s.object({ name: nameSchema, filters: s.array(filterSchema, { minItems: 1, maxItems: 50 }) });
const funnelSchema = s.object({
  name: nameSchema,
  steps: s.array(s.string({ minLength: 1, maxLength: 64 }), { minItems: MIN_FUNNEL_STEPS, maxItems: MAX_FUNNEL_STEPS }),
  window_seconds: s.optional(s.integer({ minimum: 1, maximum: MAX_WINDOW_SECONDS })),
});

function idParam(request: FastifyRequest): string {
  return String((request.params as { id?: unknown }).id ?? '');
}

function funnelJson(f: SavedFunnel) {
  return { id: f.id, name: f.name, steps: f.steps, window_seconds: f.windowSeconds };
}

function taken(what: string, name: string): ApiError {
  return new ApiError('conflict', `the site already has a ${what} named ${JSON.stringify(name)}`);
}

function missing(what: string, id: string): ApiError {
  return new ApiError('not_found', `the site has no ${what} with id ${JSON.stringify(id.slice(0, 64))}`);
}

/** GET lists: anyone who may read the site's stats (a public site: anyone). */
export function registerGoalReadRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const reader = guard(ctx, async (p, request) => canReadSite(p, siteParam(request)) || (await isPublicSite(ctx.db, siteParam(request))));
  const read = (path: string, list: (site: string) => Promise<unknown>) =>
    app.get(path, { preHandler: reader }, async (request, reply) => {
      const site = (await requireSite(ctx, siteParam(request))).domain;
      return reply.header('cache-control', 'no-store').send(await list(site));
    });
  read('/api/sites/:domain/goals', async (site) => ({ goals: (await listGoals(ctx.db, site)).map(goalJson) }));
  read('/api/sites/:domain/segments', async (site) => ({ segments: await listSegments(ctx.db, site) }));
  read('/api/sites/:domain/funnels', async (site) => ({ funnels: (await listFunnels(ctx.db, site)).map(funnelJson) }));
}

/** Create and delete: the site's admins (and admin keys covering it). */
export function registerGoalWriteRoutes(app: FastifyInstance, ctx: AuthContext): void {
  const admin = { preHandler: guard(ctx, (p, request) => canAdminSite(p, siteParam(request))) };
  const site = async (request: FastifyRequest) => (await requireSite(ctx, siteParam(request))).domain;

  app.post('/api/sites/:domain/goals', admin, async (request, reply) => {
    const domain = await site(request);
    const def = parseGoalInput(request.body ?? null, '');
    // Every goal is a branch of the event:goal query: keep the number sane.
    if ((await listGoals(ctx.db, domain)).length >= MAX_GOALS) throw new ApiError('conflict', `a site has at most ${MAX_GOALS} goals; delete one first`);
    const goal = await createGoal(ctx.db, domain, def);
    if (!goal) throw taken('goal', def.spec.name);
    return reply.code(201).send(goalJson(goal));
  });
  app.post('/api/sites/:domain/segments', admin, async (request, reply) => {
    const domain = await site(request);
    const body = segmentSchema.parse(request.body ?? null, '');
    const segment = await createSegment(ctx.db, domain, { name: body.name, filters: body.filters.map(filterToJson) });
    if (!segment) throw taken('segment', body.name);
    return reply.code(201).send(segment);
  });
  app.post('/api/sites/:domain/funnels', admin, async (request, reply) => {
    const domain = await site(request);
    const body = funnelSchema.parse(request.body ?? null, '');
    const goals = new Set((await listGoals(ctx.db, domain)).map((g) => g.id));
    const unknown = body.steps.findIndex((id) => !goals.has(id));
    if (unknown >= 0) throw new ApiError('invalid_query', `steps[${unknown}]: the site has no goal with id ${JSON.stringify(body.steps[unknown])}`);
    const funnel = await createFunnel(ctx.db, domain, { name: body.name, steps: body.steps, windowSeconds: body.window_seconds ?? null });
    if (!funnel) throw taken('funnel', body.name);
    return reply.code(201).send(funnelJson(funnel));
  });
  app.delete('/api/sites/:domain/goals/:id', admin, async (request, reply) => {
    if (!(await deleteGoal(ctx.db, await site(request), idParam(request)))) throw missing('goal', idParam(request));
    return reply.code(204).send();
  });
  for (const table of ['segments', 'funnels'] as const) {
    app.delete(`/api/sites/:domain/${table}/:id`, admin, async (request, reply) => {
      if (!(await deleteSaved(ctx.db, table, await site(request), idParam(request)))) throw missing(table.slice(0, -1), idParam(request));
      return reply.code(204).send();
    });
  }
}

export function registerGoalRoutes(app: FastifyInstance, ctx: AuthContext): void {
  registerGoalReadRoutes(app, ctx);
  registerGoalWriteRoutes(app, ctx);
}
