// Plausible Stats API v1 compatibility: realtime visitors, aggregate, timeseries and breakdown,
// answered in Plausible's v1 shapes so existing clients work unchanged.
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';
import { parseQuery } from '../query/query-schema.ts';
import { runQuery } from '../query/runner.ts';
import type { QueryResult } from '../query/present.ts';
import { dateRangeOf, filtersOf, metricsOf, param, positiveInt, propertyKey, requireParam, v2Dimension, type V1Params } from './stats-v1-params.ts';
import { runnerDeps, type StatsDeps } from './stats-routes.ts';

const INTERVALS: Record<string, string> = { minute: 'time:minute', hour: 'time:hour', date: 'time:day', day: 'time:day', week: 'time:week', month: 'time:month' };

function run(deps: StatsDeps, body: Record<string, unknown>): Promise<QueryResult> {
  return runQuery(runnerDeps(deps), parseQuery(body));
}

function base(q: V1Params): Record<string, unknown> {
  return { site_id: requireParam(q, 'site_id'), ...dateRangeOf(q), filters: filtersOf(q) };
}

function metricsObject(metrics: string[], values: (number | null)[]): Record<string, number | null> {
  return Object.fromEntries(metrics.map((m, i) => [m, values[i] ?? null]));
}

/** Plausible names a missing value "(none)", and a missing source "Direct / None". */
function v1Label(property: string, value: string | null): string {
  if (value !== null) return value;
  return property === 'visit:source' ? 'Direct / None' : '(none)';
}

export function registerV1Routes(app: FastifyInstance, deps: StatsDeps): void {
  app.get('/api/v1/stats/realtime/visitors', async (request) => {
    const q = request.query as V1Params;
    const now = Math.floor(deps.clock.now() / 1000);
    // Plausible's "current visitors": anyone seen in the last five minutes.
    const result = await run(deps, { site_id: requireParam(q, 'site_id'), date_range: [now - 300, now + 5], metrics: ['visitors'] });
    return result.results[0]?.metrics[0] ?? 0;
  });

  app.get('/api/v1/stats/aggregate', async (request) => {
    const q = request.query as V1Params;
    const metrics = metricsOf(q);
    const compare = param(q, 'compare');
    if (compare !== undefined && compare !== 'previous_period' && compare !== 'year_over_year') throw invalid('compare', 'must be previous_period or year_over_year');
    const result = await run(deps, { ...base(q), metrics, ...(compare ? { include: { comparisons: { mode: compare } } } : {}) });
    const row = result.results[0]!;
    const results = Object.fromEntries(
      metrics.map((m, i) => [m, { value: row.metrics[i] ?? null, ...(row.comparison ? { comparison_value: row.comparison.metrics[i] ?? null, change: row.comparison.change[i] ?? null } : {}) }]),
    );
    return { results };
  });

  app.get('/api/v1/stats/timeseries', async (request) => {
    const q = request.query as V1Params;
    const period = param(q, 'period') ?? '30d';
    const interval = param(q, 'interval') ?? (period === 'day' ? 'hour' : ['6mo', '12mo', 'year', 'all'].includes(period) ? 'month' : 'date');
    const dimension = INTERVALS[interval];
    if (!dimension) throw invalid('interval', `"${interval}" is not an interval; expected one of ${Object.keys(INTERVALS).join(', ')}`);
    const metrics = metricsOf(q);
    const result = await run(deps, { ...base(q), metrics, dimensions: [dimension], include: { time_labels: true } });
    return { results: result.results.map((r) => ({ date: r.dimensions[0], ...metricsObject(metrics, r.metrics) })) };
  });

  app.get('/api/v1/stats/breakdown', async (request) => {
    const q = request.query as V1Params;
    const property = requireParam(q, 'property');
    const metrics = metricsOf(q);
    const limit = positiveInt(q, 'limit', 100, 1000);
    const page = positiveInt(q, 'page', 1, 1_000_000);
    const body = { ...base(q), metrics, dimensions: [v2Dimension(property)], pagination: { limit, offset: (page - 1) * limit } };
    const result = await run(deps, body);
    const key = propertyKey(property);
    return { results: result.results.map((r) => ({ [key]: v1Label(v2Dimension(property), r.dimensions[0] ?? null), ...metricsObject(metrics, r.metrics) })) };
  });
}
