// Date ranges in the site's zone: presets, custom bounds across DST, comparisons, time labels,
// and the offset spans the SQL uses instead of per-row zone lookups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparisonRange, resolveDateRange, type RangeContext } from '../../src/query/date-range.ts';
import { timeLabel, timeLabels } from '../../src/query/time-labels.ts';
import { offsetSpans } from '../../src/query/zone-offsets.ts';
import { zonedToEpoch } from '../../src/query/time-zone.ts';
import { ApiError } from '../../src/errors.ts';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const berlin = (now: string, date: string | null = null, firstEventMs: number | null = null): RangeContext => ({ tz: 'Europe/Berlin', now: Date.parse(now), date, firstEventMs });

test('presets follow Plausible: Nd ends yesterday, month/year contain the date, Nmo are whole months', () => {
  const ctx = berlin('2026-03-29T10:00:00Z');
  const dates = (p: Parameters<typeof resolveDateRange>[0]) => resolveDateRange(p, ctx).dates;
  assert.deepEqual(dates('day'), { first: '2026-03-29', last: '2026-03-29' });
  assert.deepEqual(dates('7d'), { first: '2026-03-22', last: '2026-03-28' });
  assert.deepEqual(dates('30d'), { first: '2026-02-27', last: '2026-03-28' });
  assert.deepEqual(dates('month'), { first: '2026-03-01', last: '2026-03-31' });
  assert.deepEqual(dates('6mo'), { first: '2025-09-01', last: '2026-02-28' });
  assert.deepEqual(dates('12mo'), { first: '2025-03-01', last: '2026-02-28' });
  assert.deepEqual(dates('year'), { first: '2026-01-01', last: '2026-12-31' });
  assert.deepEqual(resolveDateRange('all', berlin('2026-03-29T10:00:00Z', null, Date.parse('2025-12-31T23:30:00Z'))).dates, { first: '2026-01-01', last: '2026-03-29' });
  assert.deepEqual(resolveDateRange('7d', berlin('2026-03-29T10:00:00Z', '2026-01-03')).dates, { first: '2025-12-27', last: '2026-01-02' });
});

test('"today" is the site\'s local date, not UTC\'s', () => {
  const r = resolveDateRange('day', { tz: 'America/New_York', now: Date.parse('2026-06-16T02:00:00Z'), date: null, firstEventMs: null });
  assert.deepEqual(r.dates, { first: '2026-06-15', last: '2026-06-15' });
  assert.equal(iso(r.start), '2026-06-15T04:00:00.000Z');
});

test('whole local days across DST: 23 hours in Berlin\'s spring, 25 in New York\'s autumn', () => {
  const spring = resolveDateRange(['2026-03-29', '2026-03-29'], berlin('2026-06-01T00:00:00Z'));
  assert.deepEqual([iso(spring.start), iso(spring.end)], ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  const fall = resolveDateRange(['2026-11-01', '2026-11-01'], { tz: 'America/New_York', now: 0, date: null, firstEventMs: null });
  assert.equal((fall.end - fall.start) / HOUR, 25);
});

test('datetimes: offsets are absolute, bare wall times are local (gap moves forward, overlap takes the first)', () => {
  const ctx = berlin('2026-06-01T00:00:00Z');
  assert.equal(iso(resolveDateRange(['2026-03-29T02:30', '2026-03-30T00:00Z'], ctx).start), '2026-03-29T01:30:00.000Z');
  assert.equal(iso(resolveDateRange(['2026-10-25T02:30', '2026-10-26T00:00Z'], ctx).start), '2026-10-25T00:30:00.000Z');
  assert.equal(iso(resolveDateRange(['2026-03-29T12:00:00+05:30', 1774800000], ctx).start), '2026-03-29T06:30:00.000Z');
  assert.equal(resolveDateRange([1774000000, 1774003600], ctx).start, 1774000000 * 1000);
  assert.equal(zonedToEpoch({ year: 2026, month: 3, day: 29, hour: 0, minute: 0, second: 0 }, 'America/Santiago'), Date.parse('2026-03-29T03:00:00Z'));
});

test('an empty or impossible range is a 400 naming the bound', () => {
  const ctx = berlin('2026-06-01T00:00:00Z');
  assert.throws(() => resolveDateRange(['2026-03-02', '2026-03-01'], ctx), (e: unknown) => e instanceof ApiError && /^date_range: the range is empty/.test(e.message));
  assert.throws(() => resolveDateRange(['2026-02-30', '2026-03-01'], ctx), (e: unknown) => e instanceof ApiError && /^date_range\[0\]: 2026-02-30 is not a calendar date/.test(e.message));
});

test('comparisons: previous period (cut at today), year over year, custom', () => {
  const ctx = berlin('2026-03-15T10:00:00Z');
  const month = resolveDateRange('month', ctx);
  assert.deepEqual(comparisonRange(month, { mode: 'previous_period' }, ctx).dates, { first: '2026-02-14', last: '2026-02-28' });
  assert.deepEqual(comparisonRange(resolveDateRange('7d', ctx), { mode: 'previous_period' }, ctx).dates, { first: '2026-03-01', last: '2026-03-07' });
  assert.deepEqual(comparisonRange(resolveDateRange(['2024-02-29', '2024-03-01'], ctx), { mode: 'year_over_year' }, ctx).dates, { first: '2023-02-28', last: '2023-03-01' });
  const instants = resolveDateRange([1774000000, 1774003600], ctx);
  assert.deepEqual(comparisonRange(instants, { mode: 'previous_period' }, ctx), { start: 1773996400000, end: 1774000000000, dates: null });
  assert.deepEqual(comparisonRange(month, { mode: 'custom', dateRange: ['2025-01-01', '2025-01-02'] }, ctx).dates, { first: '2025-01-01', last: '2025-01-02' });
});

test('time labels over DST days: the skipped hour has no bucket, the repeated hour one', () => {
  const spring = resolveDateRange(['2026-03-29', '2026-03-29'], berlin('2026-06-01T00:00:00Z'));
  const springHours = timeLabels('hour', spring.start, spring.end, 'Europe/Berlin');
  assert.equal(springHours.length, 23);
  assert.ok(!springHours.includes('2026-03-29 02:00:00'));
  const ny = 'America/New_York';
  const fall = resolveDateRange(['2026-11-01', '2026-11-01'], { tz: ny, now: 0, date: null, firstEventMs: null });
  const fallHours = timeLabels('hour', fall.start, fall.end, ny);
  assert.equal(fallHours.length, 24);
  assert.equal(timeLabel('hour', Date.parse('2026-11-01T05:30:00Z'), ny), '2026-11-01 01:00:00');
  assert.equal(timeLabel('hour', Date.parse('2026-11-01T06:30:00Z'), ny), '2026-11-01 01:00:00');
  assert.deepEqual(timeLabels('week', Date.parse('2026-03-25T00:00:00Z'), Date.parse('2026-04-07T00:00:00Z'), 'UTC'), ['2026-03-23', '2026-03-30', '2026-04-06']);
  assert.deepEqual(timeLabels('month', Date.parse('2026-01-31T23:30:00Z'), Date.parse('2026-02-28T23:00:00Z'), 'Europe/Berlin'), ['2026-02-01']);
  assert.throws(() => timeLabels('minute', 0, 365 * 86_400_000, 'UTC'), /use a coarser time dimension/);
});

test('offset spans give the same local time as Intl, for any instant and zone', () => {
  const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'UTC', 'Pacific/Chatham'];
  fc.assert(
    fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2028-01-01') }), fc.integer({ min: 1, max: 800 * 86_400_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (tz, start, length, at) => {
      const end = start + length;
      const t = Math.floor(start + (end - start) * at);
      if (t >= end) return;
      const spans = offsetSpans(tz, start, end);
      const span = [...spans].reverse().find((s) => s.from <= t)!;
      const local = new Date(t + span.offsetMs).toISOString().slice(0, 13).replace('T', ' ') + ':00:00';
      assert.equal(local, timeLabel('hour', t, tz));
    }),
    { numRuns: 300 },
  );
});

test('dates outside 1970..2999 are refused quickly, naming the bound', () => {
  const ctx = berlin('2026-06-01T00:00:00Z');
  const started = Date.now();
  assert.throws(() => resolveDateRange(['2026-01-01', '9999-12-31'], ctx), (e: unknown) => e instanceof ApiError && /^date_range\[1\]: 9999-12-31 is outside the supported dates/.test(e.message));
  assert.throws(() => resolveDateRange(['1969-12-31', '2026-01-01'], ctx), (e: unknown) => e instanceof ApiError && /^date_range\[0\]:/.test(e.message));
  assert.throws(() => resolveDateRange('year', { ...ctx, date: '3000-06-01' }), (e: unknown) => e instanceof ApiError && /^date:/.test(e.message));
  assert.ok(Date.now() - started < 1000);
  const wide = resolveDateRange(['1970-01-02', '2999-12-31'], ctx);
  const t = Date.now();
  assert.ok(offsetSpans('Europe/Berlin', wide.start, wide.end).length > 100);
  assert.ok(Date.now() - t < 20_000, 'a millennium of offsets is found in seconds');
});
