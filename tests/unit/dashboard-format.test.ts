// Human number formats on the dashboard, and stepping periods with the arrow keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatChange, formatCount, formatDuration, formatMetric } from '../../web/src/lib/format.ts';
import { shiftPeriod, intervalsFor, apiRange } from '../../web/src/lib/periods.ts';
import { toCsv } from '../../web/src/lib/csv.ts';

describe('dashboard formats', () => {
  test('counts', () => {
    const cases: [number, string][] = [[0, '0'], [999, '999'], [1000, '1k'], [1234, '1.2k'], [12_345, '12k'], [999_950, '1M'], [1_250_000, '1.3M'], [3_000_000_000, '3B']];
    for (const [n, s] of cases) assert.equal(formatCount(n), s, String(n));
  });

  test('durations, rates and changes', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(45), '45s');
    assert.equal(formatDuration(200), '3m 20s');
    assert.equal(formatDuration(3900), '1h 5m');
    assert.equal(formatMetric('bounce_rate', 45), '45%');
    assert.equal(formatMetric('views_per_visit', 2.5), '2.5');
    assert.equal(formatMetric('visitors', null), '–');
    assert.equal(formatChange('visitors', 12), '+12%');
    assert.equal(formatChange('bounce_rate', -1.5), '−1.5 pp');
  });

  test('periods step by day, month, year and custom length, never into the future', () => {
    const base = { date: null, from: null, to: null };
    assert.equal(shiftPeriod({ ...base, period: 'day' }, '2026-03-10', 1), null);
    assert.deepEqual(shiftPeriod({ ...base, period: 'day' }, '2026-03-10', -1), { ...base, period: 'day', date: '2026-03-09' });
    assert.deepEqual(shiftPeriod({ ...base, period: 'month', date: '2026-01-15' }, '2026-03-10', 1), { ...base, period: 'month', date: '2026-02-01' });
    assert.deepEqual(shiftPeriod({ ...base, period: 'custom', from: '2026-03-01', to: '2026-03-07' }, '2026-03-20', 1), { ...base, period: 'custom', from: '2026-03-08', to: '2026-03-14' });
    assert.equal(shiftPeriod({ ...base, period: '30d' }, '2026-03-10', -1), null);
    assert.deepEqual(intervalsFor({ ...base, period: 'day' }), ['hour']);
    assert.deepEqual(apiRange({ ...base, period: 'custom', from: '2026-03-01', to: '2026-03-07' }), { date_range: ['2026-03-01', '2026-03-07'] });
  });

  test('CSV cells that a spreadsheet would run are defused', () => {
    assert.equal(toCsv(['page', 'visitors'], [['=HYPERLINK("x")', 3], ['a,"b"', null]]), 'page,visitors\r\n"\'=HYPERLINK(""x"")",3\r\n"a,""b""",\r\n');
  });
});
