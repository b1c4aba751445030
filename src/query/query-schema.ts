// The one schema of a stats query (Plausible v2 style JSON). It validates the API edge and is
// rendered into the OpenAPI document; parseQuery turns client JSON into the typed Query.
import { invalid } from '../errors.ts';
import { FILTER_LIMITS } from './filter-limits.ts';
import {
  BEHAVIOUR_OPERATORS,
  DATE_PRESETS,
  DEFAULT_LIMIT,
  MATCH_OPERATORS,
  MAX_LIMIT,
  METRICS,
  PROP_PREFIX,
  SIMPLE_DIMENSIONS,
  dimensionScope,
  isExpandingDimension,
  isSimpleDimension,
  type BehaviourOperator,
  type Dimension,
  type Filter,
  type Query,
  type RangeBound,
} from './model.ts';
import * as s from './schema.ts';
import { validateQuery } from './validate.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MAX_UNIX_SECONDS = 32_503_680_000; // 3000-01-01T00:00:00Z, an exclusive end
const MAX_FILTER_DEPTH = 8;

export const dateSchema = s.string({ pattern: DATE, format: 'date', description: 'An ISO date, YYYY-MM-DD.' });

const rangeBound: s.Schema<RangeBound> = s.union<RangeBound>(
  [
    { when: (v) => typeof v === 'number', schema: s.integer({ minimum: 0, maximum: MAX_UNIX_SECONDS, description: 'UNIX seconds.' }) },
    { when: (v) => typeof v === 'string' && DATE.test(v), schema: dateSchema },
    {
      when: (v) => typeof v === 'string',
      schema: s.string({
        pattern: DATETIME,
        description: 'An ISO datetime; without an offset it is wall time in the site time zone.',
      }),
    },
  ],
  'an ISO date, an ISO datetime or UNIX seconds',
);

export const rangePair = s.tuple([rangeBound, rangeBound], {
  description: 'A custom [from, to] range. Dates cover whole local days, inclusive; datetimes and UNIX seconds are instants, from inclusive, to exclusive.',
});

export const dateRangeSchema = s.union<Query['dateRange']>(
  [
    { when: (v) => typeof v === 'string', schema: s.oneOfStrings(DATE_PRESETS, { what: 'a date range preset' }) },
    { when: (v) => Array.isArray(v), schema: rangePair },
  ],
  `a preset (${DATE_PRESETS.join(', ')}) or a [from, to] pair`,
  { description: 'Interpreted in the site time zone.' },
);

const PROP_KEY = /^[^\u0000-\u001f]{1,300}$/;

export const dimensionSchema: s.Schema<Dimension> = s.refine(
  s.string({ maxLength: PROP_PREFIX.length + 300 }),
  (value, path): Dimension => {
    if (isSimpleDimension(value)) return value;
    if (value.startsWith(PROP_PREFIX) && PROP_KEY.test(value.slice(PROP_PREFIX.length))) return value as Dimension;
    throw invalid(path, `${s.describeValue(value)} is not a dimension; expected one of ${SIMPLE_DIMENSIONS.join(', ')} or event:props:<key>`);
  },
  { description: `One of ${SIMPLE_DIMENSIONS.join(', ')}, or event:props:<key>.` },
);

const filterValues = s.array(s.string({ maxLength: 2000 }), { minItems: 1, maxItems: 1000 });

/** Filters as Plausible v2 writes them: [op, dimension, [values]] or [and|or, [filters]] or [not, filter]. */
export const filterSchema: s.Schema<Filter> = s.named('Filter', () => ({
  parse: (input, path) => parseFilter(input, path, 0),
  json: (defs) => ({
    oneOf: [
      { type: 'array', prefixItems: [{ enum: [...MATCH_OPERATORS] }, dimensionSchema.json(defs), filterValues.json(defs)], minItems: 3, maxItems: 3 },
      { type: 'array', prefixItems: [{ enum: ['and', 'or'] }, { type: 'array', items: { $ref: '#/components/schemas/Filter' }, minItems: 1 }], minItems: 2, maxItems: 2 },
      { type: 'array', prefixItems: [{ enum: ['not', ...BEHAVIOUR_OPERATORS] }, { $ref: '#/components/schemas/Filter' }], minItems: 2, maxItems: 2 },
    ],
    description:
      'A filter. `matches` uses RE2 regular expressions. Values are compared with the dimension label, case-sensitively. ' +
      '`has_done` / `has_not_done` wrap a filter on event dimensions and keep visits that have (not) done a matching event. ' +
      '`event:goal` and `event:prop_key` take only `is` / `is_not`.',
  }),
}));

function isBehaviourOperator(op: unknown): op is BehaviourOperator {
  return (BEHAVIOUR_OPERATORS as readonly unknown[]).includes(op);
}

/** `inBehaviour`: inside has_done / has_not_done, which test events, not visits. */
function parseFilter(input: unknown, path: string, depth: number, inBehaviour = false): Filter {
  if (depth > MAX_FILTER_DEPTH) throw invalid(path, `filters nest deeper than ${MAX_FILTER_DEPTH} levels`);
  if (!Array.isArray(input) || input.length === 0) throw invalid(path, `expected a filter array like ["is", "visit:country", ["DE"]], got ${s.describeValue(input)}`);
  const op = input[0];
  const arity = (n: number) => {
    if (input.length !== n) throw invalid(path, `a "${String(op)}" filter has exactly ${n} items, got ${input.length}`);
  };
  if (op === 'and' || op === 'or') {
    arity(2);
    const list = s.array({ parse: (v, p) => parseFilter(v, p, depth + 1, inBehaviour), json: () => ({}) }, { minItems: 1, maxItems: 100 });
    return { op, filters: list.parse(input[1], `${path}[1]`) };
  }
  if (op === 'not') {
    arity(2);
    return { op, filter: parseFilter(input[1], `${path}[1]`, depth + 1, inBehaviour) };
  }
  if (isBehaviourOperator(op)) {
    if (inBehaviour) throw invalid(`${path}[0]`, `"${op}" cannot be nested inside another has_done / has_not_done`);
    arity(2);
    return { op, filter: parseFilter(input[1], `${path}[1]`, depth + 1, true) };
  }
  const matchOp = s.oneOfStrings(MATCH_OPERATORS, { what: 'a filter operator (or and, or, not, has_done, has_not_done)' }).parse(op, `${path}[0]`);
  arity(3);
  const dimension = dimensionSchema.parse(input[1], `${path}[1]`);
  if (isExpandingDimension(dimension) && matchOp !== 'is' && matchOp !== 'is_not') throw invalid(`${path}[0]`, `${dimension} filters take only "is" or "is_not", got "${matchOp}"`);
  if (inBehaviour && dimensionScope(dimension) === 'visit') throw invalid(`${path}[1]`, `has_done / has_not_done test events: use an event:* dimension, not ${dimension}`);
  return { op: matchOp, dimension, values: filterValues.parse(input[2], `${path}[2]`) };
}

const orderBySchema = s.array(
  s.tuple([s.string({ description: 'A metric or dimension of this query.' }), s.oneOfStrings(['asc', 'desc'] as const, { what: 'a direction' })]),
  { maxItems: 10 },
);

export const comparisonSchema = s.object({
  mode: s.oneOfStrings(['previous_period', 'year_over_year', 'custom'] as const, { what: 'a comparison mode' }),
  date_range: s.optional(rangePair),
});

const FILTERS_DESCRIPTION =
  `Top-level filters, AND-ed. All of them together hold at most ${FILTER_LIMITS.conditions} conditions, ${FILTER_LIMITS.values} values, ` +
  `${FILTER_LIMITS.behaviours} has_done / has_not_done and ${FILTER_LIMITS.patterns} regular expressions of ${FILTER_LIMITS.patternChars} characters.`;

export const queryJsonSchema = s.named('Query', () =>
  s.object(
    {
      site_id: s.string({ minLength: 1, maxLength: 255, description: 'The site domain.' }),
      date_range: dateRangeSchema,
      date: s.optional(dateSchema),
      metrics: s.array(s.oneOfStrings(METRICS, { what: 'a metric' }), { minItems: 1, maxItems: METRICS.length, unique: true }),
      dimensions: s.optional(s.array(dimensionSchema, { maxItems: 5, unique: true })),
      filters: s.optional(s.array(filterSchema, { maxItems: 50, description: FILTERS_DESCRIPTION })),
      order_by: s.optional(orderBySchema),
      include: s.optional(
        s.object({
          total_rows: s.optional(s.boolean()),
          time_labels: s.optional(s.boolean({ description: 'Return meta.time_labels and zero-fill a time series.' })),
          comparisons: s.optional(comparisonSchema),
        }),
      ),
      pagination: s.optional(
        s.object({
          limit: s.optional(s.integer({ minimum: 1, maximum: MAX_LIMIT })),
          offset: s.optional(s.integer({ minimum: 0, maximum: 1_000_000_000 })),
        }),
      ),
    },
    { description: 'A stats query, in the spirit of Plausible Stats API v2.' },
  ),
);

/** Client JSON -> a typed, validated Query; throws ApiError('invalid_query') naming the field. */
export function parseQuery(input: unknown): Query {
  const raw = queryJsonSchema.parse(input, '');
  const query: Query = {
    site: raw.site_id,
    dateRange: raw.date_range,
    date: raw.date ?? null,
    metrics: raw.metrics,
    dimensions: raw.dimensions ?? [],
    filters: raw.filters ?? [],
    orderBy: (raw.order_by ?? []).map(([key, direction]) => ({ key: key as Query['orderBy'][number]['key'], direction })),
    include: {
      totalRows: raw.include?.total_rows ?? false,
      timeLabels: raw.include?.time_labels ?? false,
      comparison: raw.include?.comparisons
        ? { mode: raw.include.comparisons.mode, ...(raw.include.comparisons.date_range ? { dateRange: raw.include.comparisons.date_range } : {}) }
        : null,
    },
    limit: raw.pagination?.limit ?? DEFAULT_LIMIT,
    offset: raw.pagination?.offset ?? 0,
  };
  validateQuery(query);
  return query;
}

/** The inverse of parseQuery, used to echo the query back and by the v1 adapter. */
export function queryToJson(q: Query): Record<string, unknown> {
  return {
    site_id: q.site,
    date_range: q.dateRange,
    ...(q.date ? { date: q.date } : {}),
    metrics: q.metrics,
    dimensions: q.dimensions,
    filters: q.filters.map(filterToJson),
    order_by: q.orderBy.map((o) => [o.key, o.direction]),
    include: {
      total_rows: q.include.totalRows,
      time_labels: q.include.timeLabels,
      ...(q.include.comparison
        ? { comparisons: { mode: q.include.comparison.mode, ...(q.include.comparison.dateRange ? { date_range: q.include.comparison.dateRange } : {}) } }
        : {}),
    },
    pagination: { limit: q.limit, offset: q.offset },
  };
}

export function filterToJson(f: Filter): unknown[] {
  switch (f.op) {
    case 'and':
    case 'or':
      return [f.op, f.filters.map(filterToJson)];
    case 'not':
    case 'has_done':
    case 'has_not_done':
      return [f.op, filterToJson(f.filter)];
    default:
      return [f.op, f.dimension, f.values];
  }
}
