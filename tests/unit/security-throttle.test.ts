// The login throttle's bookkeeping (security review, issue 16, finding 2): attempts in flight
// count as failures until they settle, so a burst cannot pass the check all at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Throttle } from '../../src/auth/throttle.ts';
import { Attempt, type CountedKey } from '../../src/auth/guesses.ts';

const RULE = { free: 3, baseMs: 1000, maxMs: 8000 };
const clock = { now: () => 50_000 };

test('finding 2: attempts in flight count against the free ones until they settle', () => {
  const throttle = new Throttle(RULE);
  const keys: CountedKey[] = [{ throttle, key: 'k', resetOnSuccess: true }];
  const inFlight = [new Attempt(keys, clock), new Attempt(keys, clock), new Attempt(keys, clock)];
  assert.equal(throttle.waitMs('k', clock.now()), 1000, 'a fourth waits while three are being checked');
  inFlight[0]!.released();
  assert.equal(throttle.waitMs('k', clock.now()), 0, 'released: neither right nor wrong');
  inFlight[1]!.failed();
  inFlight[1]!.passed();
  assert.equal(throttle.waitMs('k', clock.now()), 0, 'settled once only');
  inFlight[2]!.failed();
  new Attempt(keys, clock).failed();
  assert.equal(throttle.waitMs('k', clock.now()), 1000, 'three failures recorded');
});

test('finding 10: a success forgets only the keys it resets, and never the attempts still in flight', () => {
  const perPair = new Throttle(RULE);
  const perAddress = new Throttle(RULE);
  const keys: CountedKey[] = [{ throttle: perPair, key: 'a|ip', resetOnSuccess: true }, { throttle: perAddress, key: 'ip', resetOnSuccess: false }];
  for (let i = 0; i < 2; i++) new Attempt(keys, clock).failed();
  const pending = new Attempt(keys, clock);
  new Attempt(keys, clock).passed();
  assert.equal(perPair.waitMs('a|ip', clock.now()), 0);
  assert.equal(perAddress.waitMs('ip', clock.now()), 1000, 'two failures and one in flight');
  pending.failed();
  pending.released();
  assert.equal(perPair.waitMs('a|ip', clock.now()), 0, 'one failure since the success');
  assert.equal(perAddress.waitMs('ip', clock.now()), 1000);
});

test('finding 10: failures never cleared by a success are forgotten a day after the last one', () => {
  const throttle = new Throttle(RULE);
  const t0 = 1_000_000;
  throttle.fail('ip', t0);
  throttle.fail('ip', t0);
  throttle.fail('ip', t0 + 25 * 3_600_000);
  assert.equal(throttle.waitMs('ip', t0 + 25 * 3_600_000), 0, 'one failure today, not three');
});
