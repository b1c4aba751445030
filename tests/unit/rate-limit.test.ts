import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRateLimit } from '../../src/config.ts';
import { clientKey, createHitRateLimiter } from '../../src/ingest/enrich/rate-limit.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';

const T0 = Date.UTC(2026, 5, 15, 12);
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';

const parseCases: Array<[string, { hits: number; perMs: number } | null]> = [
  ['100/10s', { hits: 100, perMs: 10_000 }],
  ['300/1m', { hits: 300, perMs: 60_000 }],
  ['20/s', { hits: 20, perMs: 1000 }],
  [' 5 / 500ms ', { hits: 5, perMs: 500 }],
  ['1/24h', { hits: 1, perMs: 86_400_000 }],
  ['off', null],
  ['OFF', null],
];
for (const [text, expected] of parseCases) {
  test(`parseRateLimit(${JSON.stringify(text)})`, () => assert.deepEqual(parseRateLimit(text), expected));
}

for (const bad of ['', '100', '0/10s', '100/0s', '100/10', '100/10d', '-1/s', '1/25h', 'ten/s', '1e3/s']) {
  test(`parseRateLimit rejects ${JSON.stringify(bad)}`, () => assert.throws(() => parseRateLimit(bad), /expected hits per period/));
}

test('config: --rate-limit is read and a bad value names the flag', () => {
  assert.deepEqual(loadConfig(['--rate-limit', '60/10s'], {}).rateLimit, { hits: 60, perMs: 10_000 });
  assert.equal(loadConfig([], { INKLING_RATE_LIMIT: 'off' }).rateLimit, null);
  assert.throws(() => loadConfig(['--rate-limit', 'lots'], {}), (e: unknown) => e instanceof ConfigError && /--rate-limit/.test(e.message));
});

test('a burst up to the limit passes, the next hit is limited, tokens refill over the period', () => {
  const limiter = createHitRateLimiter({ hits: 10, perMs: 10_000 });
  for (let i = 0; i < 10; i++) assert.equal(limiter.take('198.51.100.1', UA, T0), true, `hit ${i}`);
  assert.equal(limiter.take('198.51.100.1', UA, T0), false);
  assert.equal(limiter.take('198.51.100.1', UA, T0 + 999), false, 'not a whole token yet');
  assert.equal(limiter.take('198.51.100.1', UA, T0 + 1000), true, 'one token per second');
  assert.equal(limiter.take('198.51.100.1', UA, T0 + 1000), false);
  for (let i = 0; i < 10; i++) assert.equal(limiter.take('198.51.100.1', UA, T0 + 60_000), true, 'full again, never more');
  assert.equal(limiter.take('198.51.100.1', UA, T0 + 60_000), false);
});

test('clients are IP plus user agent: another UA or another IP has its own bucket', () => {
  const limiter = createHitRateLimiter({ hits: 1, perMs: 10_000 });
  assert.equal(limiter.take('198.51.100.1', UA, T0), true);
  assert.equal(limiter.take('198.51.100.1', UA, T0), false);
  assert.equal(limiter.take('198.51.100.1', `${UA} other`, T0), true);
  assert.equal(limiter.take('198.51.100.2', UA, T0), true);
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  assert.notEqual(clientKey('ab', 'c'), clientKey('a', 'bc'));
});

test('time running backwards (imports) never adds tokens', () => {
  const limiter = createHitRateLimiter({ hits: 1, perMs: 10_000 });
  assert.equal(limiter.take('198.51.100.1', UA, T0), true);
  assert.equal(limiter.take('198.51.100.1', UA, T0 - 3_600_000), false);
  assert.equal(limiter.take('198.51.100.1', UA, T0 + 5_000), false, 'the later time still counts from T0');
});

test('the bucket cache is bounded and evicts the least recently used client', () => {
  const limiter = createHitRateLimiter({ hits: 1, perMs: 60_000 }, 100);
  for (let i = 0; i < 10_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, UA, T0);
  assert.equal(limiter.size, 100);
  assert.equal(limiter.take('10.0.39.15', UA, T0), false, 'a recent client is still limited');
  assert.equal(limiter.take('10.0.0.0', UA, T0), true, 'an evicted client starts afresh');
});

test('off: never limits and keeps no state', () => {
  const limiter = createHitRateLimiter(null);
  for (let i = 0; i < 1000; i++) assert.equal(limiter.take('198.51.100.1', UA, T0), true);
  assert.equal(limiter.size, 0);
});

test('keys are numbers of at most 53 bits, spread for similar inputs', () => {
  const keys = new Set<number>();
  for (let i = 0; i < 50_000; i++) {
    const key = clientKey(`203.0.${i >> 8}.${i & 255}`, UA);
    assert.ok(Number.isSafeInteger(key) && key >= 0);
    keys.add(key);
  }
  assert.equal(keys.size, 50_000);
});
