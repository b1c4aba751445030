// Finding 12: the collect rate limit also counts per address, so rotating the user agent does not escape it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADDRESS_LIMIT_MULTIPLE, addressOf, createHitRateLimiter } from '../../src/ingest/enrich/rate-limit.ts';

const T0 = Date.UTC(2026, 5, 15, 12);
const ua = (i: number) => `Mozilla/5.0 (X11; Linux x86_64; rv:${i}.0) Gecko/20100101 Firefox/${i}.0`;

test('finding 12: rotating the user agent from one address gets limited at the address burst', () => {
  const limiter = createHitRateLimiter({ hits: 10, perMs: 10_000 });
  let accepted = 0;
  for (let i = 0; i < 130; i++) if (limiter.take('198.51.100.1', ua(i), T0)) accepted++;
  assert.equal(accepted, 10 * ADDRESS_LIMIT_MULTIPLE);
  // Another address is untouched, and the address refills over the period like a client does.
  assert.equal(limiter.take('198.51.100.2', ua(0), T0), true);
  assert.equal(limiter.take('198.51.100.1', ua(999), T0 + 199), false);
  assert.equal(limiter.take('198.51.100.1', ua(999), T0 + 200), true, `${ADDRESS_LIMIT_MULTIPLE} tokens per second`);
});

test('finding 12: one user agent still has its own, tighter limit, and its refusals spend nothing of the address', () => {
  const limiter = createHitRateLimiter({ hits: 10, perMs: 10_000 });
  for (let i = 0; i < 10; i++) assert.equal(limiter.take('198.51.100.1', ua(1), T0), true);
  for (let i = 0; i < 100; i++) assert.equal(limiter.take('198.51.100.1', ua(1), T0), false);
  // A second browser behind the same address keeps its share of the address's burst.
  for (let i = 0; i < 10; i++) assert.equal(limiter.take('198.51.100.1', ua(2), T0), true, `hit ${i}`);
});

test('finding 12: an IPv6 client is counted by its /64, whichever address of it it uses', () => {
  const limiter = createHitRateLimiter({ hits: 1, perMs: 60_000 });
  let accepted = 0;
  for (let i = 0; i < 50; i++) if (limiter.take(`2001:db8:1:2::${(i + 1).toString(16)}`, ua(i), T0)) accepted++;
  assert.equal(accepted, ADDRESS_LIMIT_MULTIPLE);
  assert.equal(limiter.take('2001:db8:1:3::1', ua(0), T0), true, 'another /64 is another address');
  assert.equal(addressOf('2001:db8:1:2::1'), addressOf('2001:0db8:0001:0002:ffff::'));
  assert.equal(addressOf('203.0.113.7'), '203.0.113.7');
});
