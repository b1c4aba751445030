import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lru } from '../../src/ingest/enrich/lru.ts';

type Op = ['set', string, number] | ['get', string];

// Each case: max size, operations, expected keys from least to most recently used.
const cases: Array<[string, number, Op[], string[]]> = [
  ['keeps insertion order below the bound', 3, [['set', 'a', 1], ['set', 'b', 2]], ['a', 'b']],
  ['evicts the oldest past maxSize', 2, [['set', 'a', 1], ['set', 'b', 2], ['set', 'c', 3]], ['b', 'c']],
  ['get refreshes recency', 2, [['set', 'a', 1], ['set', 'b', 2], ['get', 'a'], ['set', 'c', 3]], ['a', 'c']],
  ['re-set refreshes recency', 2, [['set', 'a', 1], ['set', 'b', 2], ['set', 'a', 9], ['set', 'c', 3]], ['a', 'c']],
  ['a miss changes nothing', 2, [['set', 'a', 1], ['get', 'zz'], ['set', 'b', 2]], ['a', 'b']],
  ['size one keeps the newest', 1, [['set', 'a', 1], ['set', 'b', 2]], ['b']],
  // Lazy promotion: below half full a read leaves the order alone (nothing is near eviction).
  ['below half full, get does not reorder', 6, [['set', 'a', 1], ['set', 'b', 2], ['get', 'a']], ['a', 'b']],
  ['from half full, get reorders', 6, [['set', 'a', 1], ['set', 'b', 2], ['set', 'c', 3], ['get', 'a']], ['b', 'c', 'a']],
];

for (const [name, maxSize, ops, expected] of cases) {
  test(`Lru: ${name}`, () => {
    const lru = new Lru<string, number>(maxSize);
    for (const op of ops) {
      if (op[0] === 'set') lru.set(op[1], op[2]);
      else lru.get(op[1]);
    }
    assert.deepEqual([...lru.entries()].map(([key]) => key), expected);
    assert.equal(lru.size, expected.length);
  });
}

test('Lru: get returns stored values, including falsy ones', () => {
  const lru = new Lru<string, number | undefined | boolean>(4);
  lru.set('zero', 0).set('false', false).set('undef', undefined);
  assert.equal(lru.get('zero'), 0);
  assert.equal(lru.get('false'), false);
  assert.equal(lru.get('undef'), undefined);
  assert.equal(lru.has('undef'), true);
  assert.equal(lru.get('missing'), undefined);
});

test('Lru: delete and clear', () => {
  const lru = new Lru<number, string>(3);
  lru.set(1, 'a').set(2, 'b');
  assert.equal(lru.delete(1), true);
  assert.equal(lru.has(1), false);
  lru.clear();
  assert.equal(lru.size, 0);
});

for (const bad of [0, -1, 1.5, Number.NaN]) {
  test(`Lru: rejects maxSize ${bad}`, () => {
    assert.throws(() => new Lru(bad), RangeError);
  });
}
