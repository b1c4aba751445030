// GET /api/v1/stats/export: every breakdown as CSV files in one zip, or one breakdown's CSV
// with `property=`. Same parameters as the v1 API (site_id, period, date, filters).
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';
import { parseQuery } from '../query/query-schema.ts';
import { runQuery } from '../query/runner.ts';
import { toCsv } from '../lib/csv.ts';
import { zip } from './stats-zip.ts';
import { dateRangeOf, filtersOf, param, propertyKey, requireParam, v2Dimension, type V1Params } from './stats-v1-params.ts';
import { runnerDeps, type StatsDeps } from './stats-routes.ts';

const VISIT_METRICS = ['visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration'];
const MAX_ROWS = 10_000;

/** The files of a full export: name, property, metrics. */
export const EXPORTS: readonly [string, string, string[]][] = [
  ['pages.csv', 'event:page', ['visitors', 'pageviews', 'bounce_rate', 'time_on_page', 'scroll_depth']],
  ['entry_pages.csv', 'visit:entry_page', VISIT_METRICS],
  ['exit_pages.csv', 'visit:exit_page', VISIT_METRICS],
  ['sources.csv', 'visit:source', VISIT_METRICS],
  ['referrers.csv', 'visit:referrer', VISIT_METRICS],
  ['channels.csv', 'visit:channel', VISIT_METRICS],
  ['utm_sources.csv', 'visit:utm_source', VISIT_METRICS],
  ['utm_mediums.csv', 'visit:utm_medium', VISIT_METRICS],
  ['utm_campaigns.csv', 'visit:utm_campaign', VISIT_METRICS],
  ['utm_contents.csv', 'visit:utm_content', VISIT_METRICS],
  ['utm_terms.csv', 'visit:utm_term', VISIT_METRICS],
  ['countries.csv', 'visit:country', VISIT_METRICS],
  ['regions.csv', 'visit:region', VISIT_METRICS],
  ['cities.csv', 'visit:city', VISIT_METRICS],
  ['browsers.csv', 'visit:browser', VISIT_METRICS],
  ['browser_versions.csv', 'visit:browser_version', VISIT_METRICS],
  ['operating_systems.csv', 'visit:os', VISIT_METRICS],
  ['operating_system_versions.csv', 'visit:os_version', VISIT_METRICS],
  ['devices.csv', 'visit:device', VISIT_METRICS],
  ['screens.csv', 'visit:screen', VISIT_METRICS],
  ['hostnames.csv', 'event:hostname', ['visitors', 'pageviews', 'events']],
  ['custom_events.csv', 'event:name', ['visitors', 'events', 'conversion_rate', 'total_revenue']],
];

async function breakdownCsv(deps: StatsDeps, base: Record<string, unknown>, property: string, metrics: string[]): Promise<string> {
  const dimension = v2Dimension(property);
  const result = await runQuery(runnerDeps(deps), parseQuery({ ...base, metrics, dimensions: [dimension], pagination: { limit: MAX_ROWS } }));
  return toCsv(['name', ...metrics], result.results.map((r) => [r.dimensions[0] ?? null, ...r.metrics]));
}

async function visitorsCsv(deps: StatsDeps, base: Record<string, unknown>): Promise<string> {
  const metrics = ['visitors', 'pageviews', 'visits', 'views_per_visit', 'bounce_rate', 'visit_duration'];
  const result = await runQuery(runnerDeps(deps), parseQuery({ ...base, metrics, dimensions: ['time:day'], include: { time_labels: true } }));
  return toCsv(['date', ...metrics], result.results.map((r) => [r.dimensions[0] ?? null, ...r.metrics]));
}

function metricsFor(property: string): string[] {
  const known = EXPORTS.find(([, p]) => p === v2Dimension(property));
  if (known) return known[2];
  return property.startsWith('event:') ? ['visitors', 'events'] : VISIT_METRICS;
}

/** A filename part from client text: only safe characters survive. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
}

export function registerExportRoute(app: FastifyInstance, deps: StatsDeps): void {
  app.get('/api/v1/stats/export', async (request, reply) => {
    const q = request.query as V1Params;
    const site = requireParam(q, 'site_id');
    const base = { site_id: site, ...dateRangeOf(q), filters: filtersOf(q) };
    const property = param(q, 'property');
    const stem = `inkling-${fileSafe(site)}-${fileSafe(param(q, 'period') ?? '30d')}`;
    if (property !== undefined) {
      if (property === '') throw invalid('property', 'must not be empty');
      const csv = await breakdownCsv(deps, base, property, metricsFor(property));
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${stem}-${fileSafe(propertyKey(property))}.csv"`)
        .send(csv);
    }
    const files = [{ name: 'visitors.csv', data: Buffer.from(await visitorsCsv(deps, base)) }];
    for (const [name, prop, metrics] of EXPORTS) files.push({ name, data: Buffer.from(await breakdownCsv(deps, base, prop, metrics)) });
    return reply.type('application/zip').header('Content-Disposition', `attachment; filename="${stem}.zip"`).send(zip(files));
  });
}
