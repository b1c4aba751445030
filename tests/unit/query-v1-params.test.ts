// Plausible v1 parameters -> v2 query bodies: periods, filters with wildcards, property keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateRangeOf, filtersOf, globToRegex, propertyKey, v2Dimension } from '../../src/api/stats-v1-params.ts';
import { ApiError } from '../../src/errors.ts';

const invalid = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'invalid_query' && pattern.test(e.message);

test('period and date', () => {
  assert.deepEqual(dateRangeOf({}), { date_range: '30d' });
  assert.deepEqual(dateRangeOf({ period: 'month', date: '2026-03-10' }), { date_range: 'month', date: '2026-03-10' });
  assert.deepEqual(dateRangeOf({ period: 'custom', date: '2026-03-01,2026-03-31' }), { date_range: ['2026-03-01', '2026-03-31'] });
  assert.throws(() => dateRangeOf({ period: 'custom', date: '2026-03-01' }), invalid(/^date: with period=custom/));
  assert.throws(() => dateRangeOf({ period: 'week' }), invalid(/^period: "week" is not a period/));
  assert.throws(() => dateRangeOf({ period: ['7d', '30d'] }), invalid(/^period: must be given once/));
});

const filterCases: [string, unknown[]][] = [
  ['visit:country==DE', [['is', 'visit:country', ['DE']]]],
  ['visit:browser==Firefox|Chrome;visit:os!=Linux', [['is', 'visit:browser', ['Firefox', 'Chrome']], ['is_not', 'visit:os', ['Linux']]]],
  ['event:page~blog', [['contains', 'event:page', ['blog']]]],
  ['event:page!~admin', [['contains_not', 'event:page', ['admin']]]],
  ['event:page==/blog/**', [['matches', 'event:page', ['^/blog/.*$']]]],
  ['event:page!=/docs/*/edit', [['matches_not', 'event:page', ['^/docs/[^/]*/edit$']]]],
  ['event:goal==Signup', [['is', 'event:name', ['Signup']]]],
  ['event:props:plan==x\\|y|z', [['is', 'event:props:plan', ['x|y', 'z']]]],
  ['event:props:plan==pro;', [['is', 'event:props:plan', ['pro']]]],
];

for (const [raw, expected] of filterCases) {
  test(`filters: ${raw}`, () => assert.deepEqual(filtersOf({ filters: raw }), expected));
}

test('malformed filters name their position', () => {
  assert.throws(() => filtersOf({ filters: 'visit:country==DE;visit:browser' }), invalid(/^filters\[1\]: "visit:browser" has no operator/));
  assert.throws(() => filtersOf({ filters: 'visit:country==' }), invalid(/^filters\[0\]: .* needs a value/));
});

test('wildcards escape everything else', () => {
  assert.equal(globToRegex('/a.b?(c)'), '^/a\\.b\\?\\(c\\)$');
  assert.ok(new RegExp(globToRegex('/blog/**')).test('/blog/2026/post'));
  assert.ok(!new RegExp(globToRegex('/blog/*')).test('/blog/2026/post'));
});

test('breakdown property keys as Plausible names them', () => {
  assert.equal(propertyKey('visit:source'), 'source');
  assert.equal(propertyKey('event:page'), 'page');
  assert.equal(propertyKey('visit:utm_campaign'), 'utm_campaign');
  assert.equal(propertyKey('event:props:a:b'), 'a:b');
  assert.equal(propertyKey('event:goal'), 'goal');
  assert.equal(v2Dimension('event:goal'), 'event:name');
});
