// The OpenAPI 3.1 document of the stats API, generated from the same query schema that
// validates requests (plus the error-code registry), served at /api/docs/openapi.json.
import { ERROR_CODES } from '../errors.ts';
import { DATE_PRESETS, METRICS, SIMPLE_DIMENSIONS } from './model.ts';
import { queryJsonSchema } from './query-schema.ts';
import { funnelJsonSchema } from './funnel-input.ts';
import { goalInputSchema } from './goal-input.ts';
import type { Definitions, JsonSchema } from './schema.ts';

const label = { type: ['string', 'null'] };
const value = { type: ['number', 'null'] };

const resultSchema: JsonSchema = {
  type: 'object',
  required: ['results', 'meta', 'query'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['dimensions', 'metrics'],
        properties: {
          dimensions: { type: 'array', items: label },
          metrics: { type: 'array', items: value, description: 'In the order of the query metrics.' },
          comparison: {
            type: 'object',
            properties: { dimensions: { type: 'array', items: label }, metrics: { type: 'array', items: value }, change: { type: 'array', items: value } },
          },
        },
      },
    },
    meta: {
      type: 'object',
      properties: {
        time_labels: { type: 'array', items: { type: 'string' } },
        total_rows: { type: 'integer' },
        comparison_date_range: { type: 'array', items: { type: 'string', format: 'date-time' } },
        warnings: { type: 'array', items: { type: 'string' } },
      },
    },
    query: { type: 'object', description: 'The query as understood, date_range resolved to [from, to) UTC instants.' },
  },
};

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { enum: Object.keys(ERROR_CODES) }, message: { type: 'string' } } } },
};

function errors(...codes: (keyof typeof ERROR_CODES)[]): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const code of ['unauthorized', 'rate_limited', ...codes] as const) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, cs]) => [String(status), { description: cs.join(', '), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );
}

function q(name: string, description: string, required = false, schema: JsonSchema = { type: 'string' }): JsonSchema {
  return { name, in: 'query', required, description, schema };
}

const v1Common = [
  q('site_id', 'The site domain.', true),
  q('period', `One of ${[...DATE_PRESETS, 'custom'].join(', ')}. Default 30d.`),
  q('date', 'YYYY-MM-DD the period is relative to, or "from,to" with period=custom.'),
  q('filters', 'Plausible v1 filters: dimension==a|b;other!=c (also ~ and !~ for contains); * and ** are wildcards.'),
];

function v1Get(summary: string, params: JsonSchema[], response: JsonSchema, content = 'application/json'): JsonSchema {
  return { get: { summary, parameters: [...v1Common, ...params], responses: { 200: { description: 'OK', content: { [content]: { schema: response } } }, ...errors('invalid_query', 'site_not_found') } } };
}

export function openApiDocument(): JsonSchema {
  const defs: Definitions = new Map();
  const query = queryJsonSchema.json(defs);
  const funnel = funnelJsonSchema.json(defs);
  const goalInput = goalInputSchema.json(defs);
  const errorTable = Object.entries(ERROR_CODES).map(([code, e]) => `- \`${code}\` (${e.status}): ${e.description}`).join('\n');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inkling Stats API',
      version: '2.0.0',
      description: `Typed queries over the event store, in the spirit of Plausible's Stats API (v2 query endpoint, v1 compatible endpoints).\n\nMetrics: ${METRICS.join(', ')}.\n\nDimensions: ${SIMPLE_DIMENSIONS.join(', ')}, event:props:<key>. event:goal groups by the site's goals (an event in each goal it completes), event:prop_key by the custom property keys events carry.\n\nErrors are {"error": {"code", "message"}}:\n${errorTable}`,
    },
    security: [{ bearer: [] }],
    paths: {
      '/api/v2/query': {
        post: {
          summary: 'Run a stats query',
          requestBody: { required: true, content: { 'application/json': { schema: query } } },
          responses: { 200: { description: 'Results', content: { 'application/json': { schema: { $ref: '#/components/schemas/QueryResult' } } } }, ...errors('invalid_query', 'invalid_json', 'site_not_found') },
        },
      },
      '/api/v1/stats/realtime/visitors': { get: { summary: 'Visitors in the last 5 minutes', parameters: [v1Common[0]], responses: { 200: { description: 'A number', content: { 'application/json': { schema: { type: 'integer' } } } }, ...errors('invalid_query', 'site_not_found') } } },
      '/api/v1/stats/aggregate': v1Get('Aggregate metrics (Plausible v1)', [q('metrics', 'Comma-separated metrics.'), q('compare', 'previous_period or year_over_year.')], { type: 'object' }),
      '/api/v1/stats/timeseries': v1Get('Time series (Plausible v1)', [q('metrics', 'Comma-separated metrics.'), q('interval', 'minute, hour, date, week or month.')], { type: 'object' }),
      '/api/v1/stats/breakdown': v1Get('Breakdown by a property (Plausible v1)', [q('property', 'A dimension, e.g. visit:source.', true), q('metrics', 'Comma-separated metrics.'), q('limit', 'Rows per page, default 100.'), q('page', 'Page, from 1.')], { type: 'object' }),
      '/api/v1/stats/export': v1Get('CSV export: a zip of every breakdown, or one CSV with property=', [q('property', 'One breakdown as CSV instead of the zip.')], { type: 'string', contentMediaType: 'application/zip' }, 'application/zip'),
      '/analytics': v1Get('The original HTML view of a time slice', [q('start', 'UNIX seconds, inclusive.'), q('end', 'UNIX seconds, exclusive.')], { type: 'string' }, 'text/html'),
      '/api/v2/funnel': {
        post: {
          summary: 'Visitors per step of a funnel (2 to 8 goals in order within a visit), drop-off and conversion',
          requestBody: { required: true, content: { 'application/json': { schema: funnel } } },
          responses: { 200: { description: 'Steps', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors('invalid_query', 'invalid_json', 'site_not_found') },
        },
      },
      '/api/sites/{domain}/goals': {
        get: { summary: "The site's goals", responses: { 200: { description: '{goals: [...]}' }, ...errors('site_not_found', 'forbidden') } },
        post: {
          summary: 'Add a goal (site admins)',
          requestBody: { required: true, content: { 'application/json': { schema: goalInput } } },
          responses: { 201: { description: 'The goal' }, ...errors('invalid_query', 'site_not_found', 'forbidden', 'conflict') },
        },
      },
      '/api/sites/{domain}/goals/{id}': { delete: { summary: 'Delete a goal (site admins)', responses: { 204: { description: 'Deleted' }, ...errors('not_found', 'forbidden') } } },
      '/api/docs/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from `npx inkling apikey create`.' } },
      schemas: { ...Object.fromEntries(defs), QueryResult: resultSchema, Error: errorSchema },
    },
  };
}
