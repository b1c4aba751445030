// Findings 3, 4 and 17 of the security review below HTTP: time series and filter trees have
// limits named in their 400s, statements past their deadline are stopped by the engine itself
// (DuckDB interrupt, ClickHouse max_execution_time), and comparisons obey the main range's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonRange, resolveDateRange, type RangeContext } from '../../src/query/date-range.ts';
import { ApiError } from '../../src/errors.ts';
import { clickhouseEventQueries, duckdbEventQueries, withDeadline } from '../../src/store/event-queries.ts';
import { FILTER_LIMITS } from '../../src/query/filter-limits.ts';
import { parseQuery } from '../../src/query/query-schema.ts';
import { MAX_TIME_BUCKETS, timeLabels } from '../../src/query/time-labels.ts';
import { openDuckDb, StatementTimeoutError } from '../../src/store/duckdb.ts';
import { openChdb } from '../helpers/chdb.ts';
import { removeDir, tmpDir } from '../helpers/tmp.ts';

const HOUR = 3_600_000;
const refusal = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'invalid_query' && pattern.test(e.message);
const timedOut = (e: unknown) => e instanceof ApiError && e.code === 'query_timeout' && e.status === 503;

test('finding 3: hourly labels up to the bucket limit are built in milliseconds; past it they are refused', () => {
  const start = Date.parse('2025-03-01T00:00:00Z');
  const began = performance.now();
  const labels = timeLabels('hour', start, start + (MAX_TIME_BUCKETS - 1) * HOUR, 'Europe/Berlin');
  assert.ok(performance.now() - began < 500, 'no Intl call per label');
  assert.equal(labels.length, MAX_TIME_BUCKETS - 1 - 2, "one label per hour touched, less the two repeated autumn hours");
  // Spring forward skips 02:00 in Berlin; fall back merges the repeated 02:00.
  assert.ok(!labels.includes('2025-03-30 02:00:00'));
  assert.equal(labels.filter((l) => l === '2025-10-26 02:00:00').length, 1);
  const eleven = Date.parse('2015-06-01T00:00:00Z');
  assert.throws(() => timeLabels('hour', eleven, Date.parse('2026-06-01T00:00:00Z'), 'UTC'), refusal(new RegExp(`the most is ${MAX_TIME_BUCKETS}`)));
});

const query = (filters: unknown[]) => () => parseQuery({ site_id: 'x.test', date_range: '30d', metrics: ['visitors'], filters });
const leaves = (n: number, op = 'is') => Array.from({ length: n }, (_, i) => [op, 'event:page', [`/p${i}`]]);

test('finding 4: every filter-tree limit gives a 400 naming it', () => {
  const deep = Array.from({ length: 10 }).reduce<unknown>((inner) => ['not', inner], ['is', 'event:page', ['/']]);
  assert.throws(query([deep]), refusal(/nest deeper than 8 levels/));
  assert.throws(query([['and', leaves(100)], ['and', leaves(100)]]), refusal(new RegExp(`202 filter conditions in all; the most is ${FILTER_LIMITS.conditions}`)));
  const many = (n: number) => Array.from({ length: n }, (_, i) => `/v${i}`);
  assert.throws(query([['is', 'event:page', many(600)], ['is', 'visit:country', many(600)]]), refusal(new RegExp(`1200 filter values in all; the most is ${FILTER_LIMITS.values}`)));
  const behaviours = Array.from({ length: FILTER_LIMITS.behaviours + 1 }, (_, i) => ['has_done', ['is', 'event:page', [`/p${i}`]]]);
  assert.throws(query([['or', behaviours]]), refusal(/21 has_done \/ has_not_done filters in all; the most is 20/));
  assert.throws(query([['matches', 'event:page', many(FILTER_LIMITS.patterns + 1)]]), refusal(/51 regular expressions in all; the most is 50/));
  const long = Array.from({ length: 6 }, (_, i) => `^/${String(i).repeat(1990)}`);
  assert.throws(query([['matches', 'event:page', long]]), refusal(/11952 characters of regular expressions in all; the most is 10000/));
  // Just under every limit is a valid query.
  query([['or', behaviours.slice(1)], ['matches', 'event:page', many(FILTER_LIMITS.patterns)], ['and', leaves(100)]])();
});

const SLOW_DUCKDB = `SELECT count(*) AS n FROM range(100000000000) r WHERE regexp_matches(r::VARCHAR, '^1.*2$')`;

test('finding 4: a DuckDB statement past its timeout is interrupted, and the connections answer afterwards', async () => {
  const dir = tmpDir();
  const db = await openDuckDb(`${dir}/inkling.duckdb`);
  try {
    const began = performance.now();
    await assert.rejects(db.read(SLOW_DUCKDB, [], 100), StatementTimeoutError);
    assert.ok(performance.now() - began < 5_000, 'stopped, not run to the end');
    await assert.rejects(withDeadline(duckdbEventQueries(db), 100).all(SLOW_DUCKDB), timedOut);
    // Both reader connections of the pool run the next statements normally.
    const answers = await Promise.all([db.read('SELECT 42 AS x', [], 5_000), db.read('SELECT 43 AS x'), db.read('SELECT 44 AS x', [], 5_000)]);
    assert.deepEqual(answers.map((rows) => Number(rows[0]!.x)), [42, 43, 44]);
    // A deadline already spent refuses before the engine is asked.
    const spent = withDeadline(duckdbEventQueries(db), 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await assert.rejects(spent.all('SELECT 1'), timedOut);
  } finally {
    await db.close();
    removeDir(dir);
  }
});

test('finding 4: ClickHouse stops a query past the deadline itself (max_execution_time)', async () => {
  const conn = openChdb();
  try {
    const events = withDeadline(clickhouseEventQueries(conn), 300);
    const began = performance.now();
    await assert.rejects(events.all(`SELECT count() AS n FROM numbers(100000000000) WHERE match(toString(number), '^1.*2$')`), timedOut);
    assert.ok(performance.now() - began < 10_000);
    assert.deepEqual(await clickhouseEventQueries(conn).all('SELECT 42 AS x'), [{ x: 42 }]);
  } finally {
    await conn.close();
  }
});

test('finding 17: comparison ranges obey the main range\'s limits (1970-01-01 to 2999-12-31)', () => {
  const ctx: RangeContext = { tz: 'UTC', now: Date.parse('2026-06-15T12:00:00Z'), date: null, firstEventMs: null };
  const compare = (range: Parameters<typeof resolveDateRange>[0], comparison: Parameters<typeof comparisonRange>[1]) => () => comparisonRange(resolveDateRange(range, ctx), comparison, ctx);
  const outside = refusal(/^include\.comparisons.*outside the supported dates/);
  assert.throws(compare(['1970-01-01', '2026-06-14'], { mode: 'previous_period' }), outside);
  assert.throws(compare(['1970-03-01', '1970-03-31'], { mode: 'year_over_year' }), outside);
  assert.throws(compare([86_400, 2 * 365 * 86_400], { mode: 'previous_period' }), outside);
  assert.throws(compare('7d', { mode: 'custom', dateRange: ['1926-01-01', '2026-01-01'] }), refusal(/^include\.comparisons\.date_range\[0\]: .*outside the supported dates/));
  // Within the limits nothing changes.
  const year = compare(['2025-01-01', '2025-12-31'], { mode: 'previous_period' })();
  assert.deepEqual(year.dates, { first: '2024-01-02', last: '2024-12-31' });
  assert.deepEqual(compare(['1971-03-01', '1971-03-31'], { mode: 'year_over_year' })().dates, { first: '1970-03-01', last: '1970-03-31' });
});
