// GET /analytics?start=<unix>&end=<unix>[&site_id=]: the original toy's view, kept as a public
// contract. An HTML page listing paths, referrers, countries, devices and screen resolutions
// with counts for that slice, per site. Every stored string is HTML-escaped.
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';
import { parseQuery } from '../query/query-schema.ts';
import { runQuery } from '../query/runner.ts';
import { listSites } from '../store/app-data.ts';
import { param, type V1Params } from './stats-v1-params.ts';
import { runnerDeps, type StatsDeps } from './stats-routes.ts';
import { canReadSite } from '../auth/policy.ts';
import { principalOf } from '../auth/principal.ts';

const SECTIONS: [string, string][] = [
  ['Paths', 'event:page'],
  ['Referrers', 'visit:referrer'],
  ['Countries', 'visit:country'],
  ['Devices', 'visit:device'],
  ['Resolutions', 'visit:screen'],
];
const ROWS = 100;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function unixParam(q: V1Params, name: string, fallback: number): number {
  const raw = param(q, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,12}$/.test(raw)) throw invalid(name, 'must be UNIX seconds (a non-negative integer)');
  return Number(raw);
}

async function siteSection(deps: StatsDeps, site: string, start: number, end: number): Promise<string> {
  const parts: string[] = [`<h2>${escapeHtml(site)}</h2>`];
  for (const [title, dimension] of SECTIONS) {
    const query = parseQuery({ site_id: site, date_range: [start, end], metrics: ['pageviews', 'visitors'], dimensions: [dimension], pagination: { limit: ROWS } });
    const result = await runQuery(runnerDeps(deps), query);
    const rows = result.results.map((r) => `<tr><td>${r.dimensions[0] === null ? '<i>(none)</i>' : escapeHtml(r.dimensions[0]!)}</td><td>${r.metrics[0]}</td><td>${r.metrics[1]}</td></tr>`);
    parts.push(`<h3>${title}</h3>`, rows.length ? `<table><tr><th></th><th>Pageviews</th><th>Visitors</th></tr>${rows.join('')}</table>` : '<p>No data.</p>');
  }
  return parts.join('\n');
}

export function registerAnalyticsPage(app: FastifyInstance, deps: StatsDeps): void {
  app.get('/analytics', async (request, reply) => {
    const q = request.query as V1Params;
    const now = Math.floor(deps.clock.now() / 1000);
    const end = unixParam(q, 'end', now + 1);
    const start = unixParam(q, 'start', end - 86_400);
    if (end <= start) throw invalid('end', 'must be after start');
    const only = param(q, 'site_id');
    // Without site_id: every site this key or account may read.
    const sites = only ? [only] : (await listSites(deps.db)).map((s) => s.domain).filter((d) => canReadSite(principalOf(request), d));
    const sections = [];
    for (const site of sites) sections.push(await siteSection(deps, site, start, end));
    const range = `${new Date(start * 1000).toISOString()} to ${new Date(end * 1000).toISOString()}`;
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Inkling analytics</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:2px 12px;text-align:left}td+td,th+th{text-align:right}</style>
</head><body>
<h1>Analytics</h1>
<p>${escapeHtml(range)}</p>
${sections.join('\n') || '<p>No sites yet.</p>'}
</body></html>
`;
    return reply.type('text/html; charset=utf-8').header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'").send(html);
  });
}
