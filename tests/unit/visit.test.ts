import { test } from 'node:test';
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newHit, type PipelineDeps } from '../../src/ingest/pipeline.ts';
import { isDrop } from '../../src/ingest/drop.ts';
import { assignVisit } from '../../src/ingest/steps/visit.ts';
import type { Hit, WireEvent } from '../../src/ingest/types.ts';
import { visitorId } from '../../src/ingest/visitor-id.ts';
import { createHitRateLimiter } from '../../src/ingest/enrich/rate-limit.ts';
import { VISIT_TIMEOUT_MS } from '../../src/event.ts';
import { VisitCache } from '../../src/ingest/visits.ts';
import { createSalts } from '../../src/ingest/salt.ts';
import { SiteRegistry } from '../../src/sites/registry.ts';
import { createBotDetector } from '../../src/ingest/enrich/bot.ts';
import { createSpamList } from '../../src/ingest/enrich/spam.ts';
import { createReferrerClassifier } from '../../src/ingest/enrich/referrer.ts';
import { createUserAgentParser } from '../../src/ingest/enrich/user-agent.ts';
import { openGeo } from '../../src/ingest/enrich/geo.ts';
import { silentLogger } from '../../src/log.ts';

const MIN = 60_000;
const DAY10 = Date.UTC(2024, 5, 10);
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const saltA = Buffer.alloc(32, 1);
const saltB = Buffer.alloc(32, 2);

const geo = openGeo({ file: null });
const classify = createReferrerClassifier();

/** Fresh identity state per test: real salts (deterministic bytes) and a real session cache. */
async function makeDeps(clock: { t: number }, maxSessions = 1000): Promise<PipelineDeps> {
  let salt = 0;
  let session = 0n;
  return {
    sites: new SiteRegistry([{ domain: 'example.com', timezone: 'UTC' }, { domain: 'other.org', timezone: 'UTC' }]),
    isBot: createBotDetector(),
    isSpamReferrer: createSpamList(),
    classifyReferrer: classify,
    parseUserAgent: createUserAgentParser(),
    geo,
    salts: await createSalts({
      now: () => clock.t,
      randomBytes: (size) => Buffer.alloc(size, ++salt),
      persistence: { load: async () => [], save: async (_day, kept) => kept, deleteBefore: async () => {} },
      log: silentLogger,
    }),
    visits: new VisitCache(maxSessions, () => ++session),
    rateLimiter: createHitRateLimiter(null),
  };
}

const wire: WireEvent = {
  name: 'pageview', url: null, domain: null, referrer: null, title: null, screen: null,
  props: null, revenue: null, interactive: true, hashMode: false, scrollDepth: null, engagedMs: null,
};

interface Visit { visitorId: bigint; sessionId: bigint }

/** Runs assignVisit for one hit, with the clock standing at the hit's arrival. */
function visit(deps: PipelineDeps, clock: { t: number }, at: number, patch: Partial<Hit> = {}): Visit | string {
  clock.t = at;
  const hit = Object.assign(newHit({ ...wire }, { ip: '203.0.113.77', userAgent: UA, referer: null, receivedAt: at }), { site: 'example.com' }, patch);
  const result = assignVisit(hit, deps);
  if (isDrop(result)) return result.drop;
  assert.ok(result !== undefined && typeof result.visitorId === 'bigint' && typeof result.sessionId === 'bigint');
  return { visitorId: result.visitorId, sessionId: result.sessionId };
}

const idCases: Array<{ name: string; a: [Buffer, string, string, string]; b: [Buffer, string, string, string]; same: boolean }> = [
  { name: 'same salt, site, ip and ua', a: [saltA, 'example.com', '203.0.113.77', UA], b: [saltA, 'example.com', '203.0.113.77', UA], same: true },
  { name: 'another site', a: [saltA, 'example.com', '203.0.113.77', UA], b: [saltA, 'other.org', '203.0.113.77', UA], same: false },
  { name: 'another ip', a: [saltA, 'example.com', '203.0.113.77', UA], b: [saltA, 'example.com', '203.0.113.78', UA], same: false },
  { name: 'another ua', a: [saltA, 'example.com', '203.0.113.77', UA], b: [saltA, 'example.com', '203.0.113.77', `${UA} `], same: false },
  { name: 'another day\'s salt', a: [saltA, 'example.com', '203.0.113.77', UA], b: [saltB, 'example.com', '203.0.113.77', UA], same: false },
  { name: 'fields do not run together', a: [saltA, 'ab', 'c', UA], b: [saltA, 'a', 'bc', UA], same: false },
];

for (const c of idCases) {
  test(`visitorId: ${c.name} -> ${c.same ? 'same' : 'different'} id`, () => {
    assert.equal(visitorId(...c.a) === visitorId(...c.b), c.same);
  });
}

test('visitorId: the first 64 bits of HMAC-SHA256(salt, site NUL ip NUL ua)', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), fc.ipV4(), fc.string(), (salt, site, ip, ua) => {
    const id = visitorId(Buffer.from(salt), site, ip, ua);
    const expected = createHmac('sha256', Buffer.from(salt)).update(`${site}\u0000${ip}\u0000${ua}`).digest().readBigUInt64BE(0);
    assert.equal(id, expected);
  }), { numRuns: 100 });
});

interface VisitCase {
  name: string;
  hits: Array<{ at: number; patch?: Partial<Hit> }>;
  /** Per hit: a drop reason, or [visitor label, session label] where equal labels mean equal ids. */
  expected: Array<string | [string, string]>;
}

const visitCases: VisitCase[] = [
  { name: 'same site, ip and ua on one day: same visitor', hits: [{ at: DAY10 + 60 * MIN }, { at: DAY10 + 600 * MIN }], expected: [['v1', 's1'], ['v1', 's2']] },
  { name: 'another site: another visitor', hits: [{ at: DAY10 + 60 * MIN }, { at: DAY10 + 61 * MIN, patch: { site: 'other.org' } }], expected: [['v1', 's1'], ['v2', 's2']] },
  { name: 'next day: another visitor (days cannot be linked)', hits: [{ at: DAY10 + 12 * 60 * MIN }, { at: DAY10 + 36 * 60 * MIN }], expected: [['v1', 's1'], ['v2', 's2']] },
  { name: '29 min gap keeps the visit', hits: [{ at: DAY10 + 60 * MIN }, { at: DAY10 + 89 * MIN }], expected: [['v1', 's1'], ['v1', 's1']] },
  { name: 'exactly 30 min keeps the visit', hits: [{ at: DAY10 + 60 * MIN }, { at: DAY10 + 60 * MIN + VISIT_TIMEOUT_MS }], expected: [['v1', 's1'], ['v1', 's1']] },
  { name: '31 min gap starts a new visit', hits: [{ at: DAY10 + 60 * MIN }, { at: DAY10 + 91 * MIN }], expected: [['v1', 's1'], ['v1', 's2']] },
  { name: 'a chain of 20 min gaps stays one visit', hits: [0, 20, 40, 60, 80].map((m) => ({ at: DAY10 + (60 + m) * MIN })),
    expected: [['v1', 's1'], ['v1', 's1'], ['v1', 's1'], ['v1', 's1'], ['v1', 's1']] },
  { name: 'a visit continues across midnight under yesterday\'s id',
    hits: [{ at: DAY10 - 10 * MIN }, { at: DAY10 + 10 * MIN }, { at: DAY10 + 35 * MIN }],
    expected: [['v1', 's1'], ['v1', 's1'], ['v1', 's1']] },
  { name: 'after midnight with no live visit: today\'s id', hits: [{ at: DAY10 - 50 * MIN }, { at: DAY10 + 10 * MIN }], expected: [['v1', 's1'], ['v2', 's2']] },
  { name: 'engagement with no live visit: no_session', hits: [{ at: DAY10, patch: { name: 'engagement' } }], expected: ['no_session'] },
  { name: 'engagement joins the live visit', hits: [{ at: DAY10 }, { at: DAY10 + 5 * MIN, patch: { name: 'engagement' } }], expected: [['v1', 's1'], ['v1', 's1']] },
  { name: 'engagement after the visit timed out: no_session', hits: [{ at: DAY10 }, { at: DAY10 + 31 * MIN, patch: { name: 'engagement' } }], expected: [['v1', 's1'], 'no_session'] },
  { name: 'custom events start visits like pageviews', hits: [{ at: DAY10, patch: { name: 'Signup' } }], expected: [['v1', 's1']] },
];

for (const c of visitCases) {
  test(`assignVisit: ${c.name}`, async () => {
    const clock = { t: c.hits[0]?.at ?? DAY10 };
    const deps = await makeDeps(clock);
    const visitors = new Map<string, bigint>();
    const sessions = new Map<string, bigint>();
    c.hits.forEach((h, i) => {
      const got = visit(deps, clock, h.at, h.patch);
      const want = c.expected[i];
      if (typeof want === 'string' || typeof got === 'string') return assert.equal(got, want, `hit ${i}`);
      assert.ok(want !== undefined);
      for (const [labels, label, id] of [[visitors, want[0], got.visitorId], [sessions, want[1], got.sessionId]] as const) {
        const known = labels.get(label);
        if (known === undefined) {
          assert.ok(![...labels.values()].includes(id), `hit ${i}: ${label} should be new`);
          labels.set(label, id);
        } else assert.equal(id, known, `hit ${i}: expected ${label}`);
      }
    });
  });
}

test('VisitCache: the LRU bound evicts; size never exceeds max', () => {
  let n = 0n;
  const sessions = new VisitCache(3, () => ++n);
  fc.assert(fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n }), { maxLength: 50 }), (ids) => {
    for (const [i, id] of ids.entries()) {
      sessions.assign({ current: id, previous: null }, DAY10 + i * 1000, true);
      assert.ok(sessions.size <= 3);
    }
  }));
  const fresh = new VisitCache(2, () => ++n);
  const first = fresh.assign({ current: 1n, previous: null }, DAY10, true);
  fresh.assign({ current: 2n, previous: null }, DAY10, true);
  fresh.assign({ current: 3n, previous: null }, DAY10, true);
  assert.equal(fresh.size, 2);
  // Visitor 1 was least recently used: evicted, so its next hit starts a new visit.
  const again = fresh.assign({ current: 1n, previous: null }, DAY10 + MIN, true);
  assert.notEqual(again?.sessionId, first?.sessionId);
  assert.equal(fresh.assign({ current: 2n, previous: null }, DAY10 + MIN, false), null, 'visitor 2 was evicted by visitor 1');
});

test('VisitCache: restore keeps the latest visit and continues it', () => {
  const sessions = new VisitCache(10, () => 99n);
  sessions.restore(7n, 70n, DAY10);
  sessions.restore(7n, 71n, DAY10 + MIN);
  sessions.restore(7n, 72n, DAY10 - MIN);
  assert.deepEqual(sessions.assign({ current: 7n, previous: null }, DAY10 + 10 * MIN, false), { visitorId: 7n, sessionId: 71n });
});
