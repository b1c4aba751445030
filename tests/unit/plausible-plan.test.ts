import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planVisits, sourceBlocks, type DayTotals } from '../../src/transfer/plausible-plan.ts';
import { apportion, seededRandom, spreadLabels } from '../../src/transfer/apportion.ts';
import { localMidnight } from '../../src/transfer/zoned-day.ts';

const row = (t: Partial<Record<keyof DayTotals | 'source', number | string>>) =>
  Object.fromEntries(Object.entries({ visitors: 0, visits: 0, pageviews: 0, bounces: 0, visit_duration: 0, ...t }).map(([k, v]) => [k === 'duration' ? 'visit_duration' : k, String(v)]));

test('apportion: exact shares sum to the total, largest remainders first', () => {
  assert.deepEqual(apportion([1, 1, 1], 10), [4, 3, 3]);
  assert.deepEqual(apportion([60, 40], 5), [3, 2]);
  assert.deepEqual(apportion([0, 0], 5), [0, 0]);
  assert.deepEqual(spreadLabels([['a', 1]], 3, seededRandom(1)).sort(), ['a', 'a', 'a']);
  assert.deepEqual(spreadLabels([], 2, seededRandom(1)), [null, null]);
});

test('a missing direct remainder is added; impossible rows are made possible', () => {
  const day: DayTotals = { visitors: 10, visits: 12, pageviews: 30, bounces: 4, duration: 600 };
  const blocks = sourceBlocks([row({ source: 'Google', visitors: 5, visits: 6, pageviews: 10, bounces: 3, duration: 100 })], day);
  assert.deepEqual(blocks.map((b) => [b.source?.source ?? null, b.visitors, b.visits, b.pageviews, b.bounces, b.duration]), [['Google', 5, 6, 10, 3, 100], [null, 5, 6, 20, 1, 500]]);
  const [odd] = sourceBlocks([row({ visitors: 9, visits: 3, pageviews: 1, bounces: 0 })], null);
  assert.deepEqual([odd!.visitors, odd!.visits, odd!.pageviews, odd!.bounces], [3, 3, 3, 3], 'visitors <= visits <= pageviews, all bounces');
});

test('property: planned visits keep every total of every block and of the day', () => {
  const blockArb = fc.record({ visits: fc.integer({ min: 1, max: 40 }), extraPv: fc.integer({ min: 0, max: 80 }), visitorShare: fc.double({ min: 0, max: 1, noNaN: true }), bounceShare: fc.double({ min: 0, max: 1, noNaN: true }), duration: fc.integer({ min: 0, max: 5000 }) });
  fc.assert(fc.property(fc.array(blockArb, { minLength: 1, maxLength: 6 }), (specs) => {
    const rows = specs.map((s) => {
      const visitors = Math.max(1, Math.round(s.visits * s.visitorShare));
      const pageviews = s.visits + s.extraPv;
      const bounces = Math.min(s.visits, Math.max(2 * s.visits - pageviews, Math.round(s.visits * s.bounceShare)));
      return row({ visitors, visits: s.visits, pageviews, bounces, duration: s.duration });
    });
    const blocks = sourceBlocks(rows, null);
    const dayVisitors = Math.max(...blocks.map((b) => b.visitors));
    const visits = planVisits(blocks, dayVisitors);
    for (const block of blocks) {
      const mine = visits.filter((v) => v.block === block);
      assert.equal(mine.length, block.visits);
      assert.equal(mine.reduce((a, v) => a + v.pageviews, 0), block.pageviews);
      assert.equal(mine.filter((v) => v.pageviews === 1).length, block.bounces);
      assert.equal(new Set(mine.map((v) => v.visitor)).size, block.visitors);
      // Bounces last 0 s (as in Plausible), so only visits that are not bounces carry the duration.
      const expected = block.visits > block.bounces ? block.duration * 1000 : 0;
      assert.ok(Math.abs(mine.reduce((a, v) => a + v.durationMs, 0) - expected) <= block.visits);
    }
    assert.equal(new Set(visits.map((v) => v.visitor)).size, dayVisitors);
  }), { numRuns: 300 });
});

test('localMidnight: the UTC instant a date starts, across DST changes', () => {
  assert.equal(localMidnight('2024-03-31', 'Europe/Berlin'), Date.UTC(2024, 2, 30, 23));
  assert.equal(localMidnight('2024-04-01', 'Europe/Berlin'), Date.UTC(2024, 2, 31, 22));
  assert.equal(localMidnight('2024-11-03', 'America/New_York'), Date.UTC(2024, 10, 3, 4));
  assert.equal(localMidnight('2024-06-01', 'UTC'), Date.UTC(2024, 5, 1));
  assert.equal(localMidnight('2024-06-01', 'Asia/Kolkata'), Date.UTC(2024, 4, 31, 18, 30));
});
