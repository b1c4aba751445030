// The dashboard's URL state: any view survives the round trip through its link (filters with
// any characters included), defaults stay out of links, and junk parameters are ignored.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildSearch, parseState, type DashState } from '../../web/src/lib/url-state.ts';
import { decodeFilter, encodeFilter, OPERATORS, type UiFilter } from '../../web/src/lib/filters.ts';
import { DIMENSIONS } from '../../web/src/lib/dimensions.ts';

const filterArb: fc.Arbitrary<UiFilter> = fc.record({
  op: fc.constantFrom(...OPERATORS),
  dim: fc.oneof(fc.constantFrom(...DIMENSIONS.map((d) => d.key)), fc.string({ minLength: 1, maxLength: 12 }).map((k) => `props:${k}`)),
  values: fc.array(fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }), { minLength: 1, maxLength: 3 }),
}).map((f) => ({ ...f })); // plain objects (fast-check's records have no prototype)

describe('dashboard URL state', () => {
  test('a filter with any characters survives encode/decode', () => {
    fc.assert(fc.property(filterArb, (f) => assert.deepEqual(decodeFilter(encodeFilter(f)), f)));
  });

  test('a whole view survives the link round trip', () => {
    fc.assert(
      fc.property(fc.array(filterArb, { maxLength: 4 }), fc.constantFrom('7d', 'realtime', 'all', '12mo'), fc.boolean(), (filters, period, compare) => {
        const state = { ...parseState(''), filters, period, compare: compare ? 'previous_period' : null } as DashState;
        const back = parseState(buildSearch(state));
        assert.deepEqual(back.filters, filters);
        assert.equal(back.period, period);
        assert.equal(back.compare, compare && period !== 'realtime' ? 'previous_period' : null);
      }),
    );
  });

  test('defaults are left out; links stay readable', () => {
    assert.equal(buildSearch(parseState('')), '');
    const s = parseState('?period=custom&from=2026-03-01&to=2026-03-07&f=is,country,DE|FR&f=contains,page,/blog&pages=entry&detail=pages&q=x&page=2');
    assert.equal(buildSearch(s), '?period=custom&from=2026-03-01&to=2026-03-07&f=is,country,DE|FR&f=contains,page,/blog&pages=entry&detail=pages&q=x&page=2');
  });

  test('junk is ignored, not trusted', () => {
    const s = parseState('?period=forever&metric=evil&f=is,nope,x&f=bogus&pages=<script>&detail=nothing&page=-4&from=2026-02-30');
    assert.equal(s.period, '30d');
    assert.equal(s.metric, 'visitors');
    assert.deepEqual(s.filters, []);
    assert.deepEqual(s.tabs, {});
    assert.equal(s.detail, null);
    assert.equal(s.page, 1);
    // A custom range needs two real dates in order.
    assert.equal(parseState('?period=custom&from=2026-03-07&to=2026-03-01').period, '30d');
  });
});
