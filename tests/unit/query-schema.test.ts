// The query schema: what it accepts, the precise message for what it rejects, and the OpenAPI
// document generated from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, queryToJson } from '../../src/query/query-schema.ts';
import { openApiDocument } from '../../src/query/openapi.ts';
import { ApiError } from '../../src/errors.ts';

const base = { site_id: 'example.com', date_range: '7d', metrics: ['visitors'] };

test('a minimal query gets the defaults', () => {
  const q = parseQuery(base);
  assert.deepEqual(q, {
    site: 'example.com', dateRange: '7d', date: null, metrics: ['visitors'], dimensions: [], filters: [], orderBy: [],
    include: { totalRows: false, timeLabels: false, comparison: null }, limit: 10_000, offset: 0,
  });
});

test('a full query round-trips through queryToJson', () => {
  const body = {
    site_id: 'example.com', date_range: ['2026-03-01', 1774000000], date: '2026-03-10', metrics: ['visitors', 'bounce_rate', 'conversion_rate'],
    dimensions: ['event:props:plan', 'time:day'],
    filters: [['is', 'event:name', ['Signup']], ['or', [['contains', 'event:page', ['/blog']], ['not', ['matches', 'visit:referrer', ['^x']]]]]],
    order_by: [['bounce_rate', 'desc']], include: { total_rows: true, time_labels: false, comparisons: { mode: 'custom', date_range: ['2026-02-01', '2026-02-28'] } },
    pagination: { limit: 5, offset: 10 },
  };
  const q = parseQuery(body);
  assert.deepEqual(parseQuery(queryToJson(q)), q);
});

const rejected: [string, unknown, RegExp][] = [
  ['not an object', [1], /^expected an object/],
  ['missing site', { date_range: '7d', metrics: ['visitors'] }, /^site_id: is required/],
  ['unknown field', { ...base, metric: ['x'] }, /^metric: unknown field/],
  ['unknown metric', { ...base, metrics: ['visits', 'uniques'] }, /^metrics\[1\]: "uniques" is not a metric/],
  ['duplicate metric', { ...base, metrics: ['visits', 'visits'] }, /^metrics\[1\]: "visits" is listed twice/],
  ['no metrics', { ...base, metrics: [] }, /^metrics: must have at least 1/],
  ['bad preset', { ...base, date_range: '2d' }, /^date_range: "2d" is not a date range preset/],
  ['bad range bound', { ...base, date_range: ['2026-01-01', 'soon'] }, /^date_range\[1\]: "soon" does not match/],
  ['range of three', { ...base, date_range: ['2026-01-01', '2026-01-02', '2026-01-03'] }, /^date_range: expected an array of exactly 2/],
  ['bad dimension', { ...base, dimensions: ['visit:colour'] }, /^dimensions\[0\]: "visit:colour" is not a dimension/],
  ['two time dimensions', { ...base, dimensions: ['time:day', 'time:hour'] }, /^dimensions: at most one time dimension/],
  ['bad operator', { ...base, filters: [['like', 'event:page', ['/']]] }, /^filters\[0\]\[0\]: "like" is not a filter operator/],
  ['filter without values', { ...base, filters: [['is', 'event:page', []]] }, /^filters\[0\]\[2\]: must have at least 1/],
  ['filter value not a string', { ...base, filters: [['is', 'event:page', [1]]] }, /^filters\[0\]\[2\]\[0\]: expected a string/],
  ['nested bad filter', { ...base, filters: [['and', [['is', 'event:page', ['/']], ['not', ['is', 'nope', ['x']]]]]] }, /^filters\[0\]\[1\]\[1\]\[1\]\[1\]: "nope" is not a dimension/],
  ['order by a missing metric', { ...base, order_by: [['pageviews', 'desc']] }, /^order_by\[0\]\[0\]: "pageviews" is not among the query's metrics/],
  ['order by conversion rate', { ...base, metrics: ['conversion_rate'], dimensions: ['event:name'], order_by: [['conversion_rate', 'desc']] }, /^order_by\[0\]\[0\]: ordering by conversion_rate/],
  ['bad direction', { ...base, order_by: [['visitors', 'up']] }, /^order_by\[0\]\[1\]: "up" is not a direction/],
  ['conversion without a goal', { ...base, metrics: ['conversion_rate'] }, /^metrics: conversion_rate needs a goal/],
  ['custom comparison without range', { ...base, include: { comparisons: { mode: 'custom' } } }, /^include\.comparisons\.date_range: is required/],
  ['limit too big', { ...base, pagination: { limit: 10_001 } }, /^pagination\.limit: must be <= 10000/],
  ['negative offset', { ...base, pagination: { offset: -1 } }, /^pagination\.offset: must be >= 0/],
  ['filters nested too deep', { ...base, filters: [Array.from({ length: 10 }).reduce<unknown>((f) => ['not', f], ['is', 'event:page', ['/']])] }, /filters nest deeper than 8/],
  ['zero-filled series ordered by a metric', { ...base, dimensions: ['time:day'], include: { time_labels: true }, order_by: [['visitors', 'desc']] }, /^order_by: a zero-filled time series/],
];

for (const [name, body, message] of rejected) {
  test(`rejected: ${name}`, () => {
    assert.throws(() => parseQuery(body), (e: unknown) => e instanceof ApiError && e.code === 'invalid_query' && message.test(e.message));
  });
}

test('the OpenAPI document: every $ref resolves, the Query schema is the parser\'s', () => {
  const doc = openApiDocument() as { components: { schemas: Record<string, unknown> } };
  const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
  assert.ok(refs.length > 3);
  for (const ref of refs) assert.ok(doc.components.schemas[ref.slice(22, -1)], `${ref} resolves`);
  const query = doc.components.schemas.Query as { properties: Record<string, { enum?: string[] }>; additionalProperties: boolean };
  assert.equal(query.additionalProperties, false);
  assert.deepEqual(Object.keys(query.properties), ['site_id', 'date_range', 'date', 'metrics', 'dimensions', 'filters', 'order_by', 'include', 'pagination']);
});
