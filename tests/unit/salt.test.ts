import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { createSalts, utcDay, type Salts } from '../../src/ingest/salt.ts';
import { DAY_MS } from '../../src/lib/time.ts';
import type { SaltPersistence } from '../../src/store/app-data.ts';
import type { Logger } from '../../src/log.ts';

const D = utcDay(Date.UTC(2024, 5, 10)); // 2024-06-10
const at = (iso: string) => Date.parse(iso);

/** A salt store in memory that records every call. */
class MemoryPersistence implements SaltPersistence {
  readonly days = new Map<number, Buffer>();
  readonly calls: string[] = [];
  failDelete = false;
  failSave = false;
  async load() {
    this.calls.push('load');
    return [...this.days].map(([day, salt]) => ({ day, salt }));
  }
  async save(day: number, salt: Buffer) {
    this.calls.push(`save ${day - D}`);
    if (this.failSave) throw new Error('disk full');
    if (!this.days.has(day)) this.days.set(day, salt);
    return this.days.get(day)!;
  }
  async deleteBefore(day: number) {
    this.calls.push(`deleteBefore ${day - D}`);
    if (this.failDelete) throw new Error('store closed');
    for (const d of this.days.keys()) if (d < day) this.days.delete(d);
  }
}

/** Salt n (counting from 1) is 32 bytes of n: every assertion on a salt is exact. */
const saltNo = (n: number) => Buffer.alloc(32, n);

interface Setup { salts: Salts; store: MemoryPersistence; clock: { t: number }; errors: string[] }

async function setup(startIso: string, stored: Array<[number, Buffer]> = []): Promise<Setup> {
  const store = new MemoryPersistence();
  for (const [day, salt] of stored) store.days.set(D + day, salt);
  const clock = { t: at(startIso) };
  let counter = 0;
  const errors: string[] = [];
  const log: Logger = { info() {}, error: (message) => void errors.push(message) };
  const salts = await createSalts({ now: () => clock.t, randomBytes: (size) => Buffer.alloc(size, ++counter), persistence: store, log });
  return { salts, store, clock, errors };
}

/** Day offsets (from D) the store holds, sorted. */
const storedDays = async (store: MemoryPersistence) => (await store.load()).map((s) => s.day - D).sort((a, b) => a - b);

test('utcDay: days start at 00:00:00 UTC', () => {
  const cases: Array<[string, number]> = [
    ['2024-06-10T00:00:00.000Z', D], ['2024-06-10T23:59:59.999Z', D], ['2024-06-11T00:00:00.000Z', D + 1], ['2024-06-09T23:59:59.999Z', D - 1],
  ];
  for (const [iso, day] of cases) assert.equal(utcDay(at(iso)), day, iso);
  assert.equal(D * DAY_MS, Date.UTC(2024, 5, 10));
});

test('createSalts: 23:59:59 then 00:00:00 UTC rotates; previous is yesterday\'s', async () => {
  const { salts, store, clock } = await setup('2024-06-10T23:59:59.000Z');
  const before = salts.forTime(clock.t);
  assert.deepEqual(before, { current: saltNo(1), previous: null });
  assert.deepEqual(salts.forTime(clock.t + 999), before, 'same day, same salt');

  clock.t = at('2024-06-11T00:00:00.000Z');
  const after = salts.forTime(clock.t);
  assert.deepEqual(after, { current: saltNo(2), previous: saltNo(1) });
  await tick();
  assert.deepEqual(await storedDays(store), [0, 1]);
  assert.ok(store.days.get(D)?.equals(saltNo(1)) && store.days.get(D + 1)?.equals(saltNo(2)));
});

test('createSalts: two days later the oldest salt is deleted from the store', async () => {
  const { salts, store, clock } = await setup('2024-06-10T12:00:00.000Z');
  salts.forTime(clock.t);
  clock.t = at('2024-06-11T12:00:00.000Z');
  salts.forTime(clock.t);
  clock.t = at('2024-06-12T00:00:00.000Z');
  assert.deepEqual(salts.forTime(clock.t), { current: saltNo(3), previous: saltNo(2) });
  await tick();
  assert.ok(store.calls.includes('deleteBefore 1'), store.calls.join(', '));
  assert.deepEqual(await storedDays(store), [1, 2]);
});

test('createSalts: the store never holds more than two days over a week of hits', async () => {
  const { salts, store, clock } = await setup('2024-06-10T00:00:00.000Z');
  for (let hour = 0; hour < 7 * 24; hour += 5) {
    clock.t = at('2024-06-10T00:00:00.000Z') + hour * 3_600_000;
    salts.forTime(clock.t);
    await tick();
    assert.ok((await storedDays(store)).length <= 2, `hour ${hour}`);
  }
});

test('createSalts: start-up loads stored salts and prunes those past yesterday', async () => {
  const { salts, store, clock } = await setup('2024-06-10T08:00:00.000Z', [[-5, saltNo(50)], [-2, saltNo(52)], [-1, saltNo(51)], [0, saltNo(60)]]);
  assert.deepEqual(store.calls, ['load', 'deleteBefore -1']);
  assert.deepEqual(await storedDays(store), [-1, 0]);
  // No new random salt: today's and yesterday's come from the store.
  assert.deepEqual(salts.forTime(clock.t), { current: saltNo(60), previous: saltNo(51) });
});

test('prune: removes older salts from memory and the store', async () => {
  const { salts, store, clock } = await setup('2024-06-10T12:00:00.000Z');
  salts.forTime(clock.t);
  await tick();
  clock.t = at('2024-06-12T12:00:00.000Z');
  await salts.prune();
  assert.equal(store.calls.at(-1), 'deleteBefore 1');
  assert.deepEqual(await storedDays(store), []);
  // Day 0's salt is gone from memory too: day 1 starts fresh and has no previous.
  assert.deepEqual(salts.forTime(at('2024-06-11T12:00:00.000Z')), { current: saltNo(2), previous: null });
});

test('createSalts: when another node stored the day\'s salt first (shared app data), that one is adopted', async () => {
  const { salts, store, clock } = await setup('2024-06-10T12:00:00.000Z');
  // Another node saves today's salt between this node's start and its first hit.
  store.days.set(D, saltNo(70));
  assert.deepEqual(salts.forTime(clock.t).current, saltNo(1), 'the hit never waits for the store');
  await salts.settle();
  assert.deepEqual(salts.forTime(clock.t).current, saltNo(70));
  assert.ok(store.days.get(D)?.equals(saltNo(70)), 'the stored salt is kept');
});

test('createSalts shared: nodes agree on today\'s and tomorrow\'s salts before any hit, so midnight needs no store', async () => {
  const store = new MemoryPersistence();
  const clock = { t: at('2026-06-15T23:00:00.000Z') };
  const log: Logger = { info() {}, error() {} };
  let counter = 0;
  const node = () => createSalts({ now: () => clock.t, randomBytes: (size) => Buffer.alloc(size, ++counter), persistence: store, log, shared: true });
  // Started together: both find no salt stored, both draw, one node's salts win on both.
  const [first, second] = await Promise.all([node(), node()]);
  assert.deepEqual(second.forTime(clock.t), first.forTime(clock.t));
  const midnight = at('2026-06-16T00:00:00.000Z');
  assert.deepEqual(second.forTime(midnight), first.forTime(midnight));
  assert.deepEqual(first.forTime(midnight).previous, first.forTime(clock.t).current);
  assert.equal(counter, 4);
  await Promise.all([first.settle(), second.settle()]);
  assert.equal(store.days.size, 2);
});

test('createSalts: a failed save is logged, the salt still serves', async () => {
  const { salts, store, clock, errors } = await setup('2024-06-10T12:00:00.000Z');
  store.failSave = true;
  assert.deepEqual(salts.forTime(clock.t).current, saltNo(1));
  await tick();
  assert.deepEqual(errors, ['salt save failed']);
});

test('createSalts: a failed background prune is not an unhandled rejection', async () => {
  const { salts, store, clock, errors } = await setup('2024-06-10T12:00:00.000Z');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  // Ours first, so this test sees the rejection even though the runner also reports it.
  process.prependListener('unhandledRejection', onUnhandled);
  try {
    store.failDelete = true;
    salts.forTime(clock.t); // a new day's salt starts a background prune
    await tick();
    await tick();
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(unhandled.map((e) => (e as Error).message), []);
  assert.equal(errors.length, 1, 'the failure is logged instead');
  // The salt still serves: a store outage never fails a hit.
  assert.deepEqual(salts.forTime(clock.t).current, saltNo(1));
});
