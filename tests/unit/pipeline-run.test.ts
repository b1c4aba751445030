import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newHit, runPipeline, steps } from '../../src/ingest/pipeline.ts';
import { isDrop } from '../../src/ingest/drop.ts';
import { toEvent } from '../../src/ingest/event.ts';
import { createPipelineDeps } from '../../src/ingest/setup.ts';
import type { RequestFacts, WireEvent } from '../../src/ingest/types.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { SiteRegistry } from '../../src/sites/registry.ts';
import { duckdbEventQueries } from '../../src/store/event-queries.ts';

let t = Date.UTC(2024, 5, 10, 12, 0, 0);
const db = await openDuckDb(':memory:');
let counter = 0;
const deps = await createPipelineDeps({
  config: loadConfig([], {}),
  db,
  events: duckdbEventQueries(db),
  log: silentLogger,
  sites: new SiteRegistry([{ domain: 'example.com', timezone: 'UTC' }, { domain: 'other.org', timezone: 'Europe/Berlin' }]),
  clock: { now: () => t },
  randomBytes: (size) => Buffer.alloc(size, ++counter % 256),
});

// The salt store is written in the background; one more awaited prune queues behind it before closing.
after(async () => {
  await deps.salts.prune();
  await db.close();
});

const CANARY_IP = '203.0.113.77';
const CANARY_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Canary/7f3a9c';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

const wire = (patch: Partial<WireEvent> = {}): WireEvent => ({
  name: 'pageview', url: 'https://example.com/pricing?utm_source=hn&token=abc', domain: 'example.com',
  referrer: 'https://news.ycombinator.com/item?id=1', title: 'Pricing', screen: '1920x1080',
  props: { plan: 'pro' }, revenue: null, interactive: true, hashMode: false, scrollDepth: null, engagedMs: null, ...patch,
});
const facts = (patch: Partial<RequestFacts> = {}): RequestFacts => ({
  ip: CANARY_IP, userAgent: CANARY_UA, referer: 'https://example.com/pricing', receivedAt: t, ...patch,
});
const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

test('steps: the order is rate limit, site, bots, fields, url, referrer, device, location, visit', () => {
  assert.deepEqual(steps.map(([name]) => name), [
    'limitRate', 'resolveSite', 'dropBots', 'checkEventFields', 'parseUrl', 'applySiteRules', 'dropSpamReferrer', 'classifyReferrer', 'parseDevice', 'lookupLocation', 'assignVisit',
  ]);
});

test('runPipeline: an accepted pageview becomes a privacy-reduced Event', () => {
  const result = runPipeline(newHit(wire(), facts()), deps);
  assert.ok(!isDrop(result));
  const event = toEvent(result);
  assert.equal(event.site, 'example.com');
  assert.equal(event.pathname, '/pricing');
  assert.equal(event.source, 'Hacker News');
  assert.equal(event.utmSource, 'hn');
  assert.equal(event.browser, 'Chrome');
  assert.equal(event.screenWidth, 1920);
  assert.ok(event.visitorId > 0n && event.sessionId > 0n);
  const text = json(event);
  assert.ok(!text.includes(CANARY_IP), 'IP leaked');
  assert.ok(!text.includes(CANARY_UA), 'UA leaked');
  assert.ok(!text.includes('token'), 'unkept query leaked');
  assert.ok(!('ip' in event) && !('userAgent' in event) && !('referer' in event));
});

test('runPipeline: no Event ever holds the IP or the UA (property)', () => {
  const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant(CANARY_IP));
  const ua = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 6, maxLength: 24 })
    .map((token) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Canary/${token}`);
  const page = fc.record({
    name: fc.constantFrom('pageview', 'Signup'),
    path: fc.webPath(),
    title: fc.option(fc.string({ maxLength: 40 })),
  });
  let accepted = 0;
  fc.assert(
    fc.property(ip, ua, page, (ipValue, uaValue, p) => {
      const w = wire({ name: p.name, url: `https://example.com${p.path.startsWith('/') ? p.path : `/${p.path}`}`, title: p.title });
      const result = runPipeline(newHit(w, facts({ ip: ipValue, userAgent: uaValue })), deps);
      if (isDrop(result)) return;
      accepted++;
      const text = json(toEvent(result));
      assert.ok(!text.includes(ipValue), `IP ${ipValue} leaked`);
      assert.ok(!text.includes(uaValue), 'UA leaked');
    }),
    { numRuns: 200 },
  );
  assert.ok(accepted > 150, `only ${accepted} hits accepted`);
});

interface DropCase { name: string; wire: Partial<WireEvent>; facts: Partial<RequestFacts>; expected: string | null }

// Each pair of faults shows which step comes first.
const dropCases: DropCase[] = [
  { name: 'bot for an unknown site -> unknown_site (site before bots)', wire: { domain: 'unknown.net' }, facts: { userAgent: GOOGLEBOT }, expected: 'unknown_site' },
  { name: 'bot for a known site -> bot', wire: {}, facts: { userAgent: GOOGLEBOT }, expected: 'bot' },
  { name: 'bot with an empty name -> bot (bots before fields)', wire: { name: '  ' }, facts: { userAgent: GOOGLEBOT }, expected: 'bot' },
  { name: 'empty name and a bad url -> invalid', wire: { name: '' }, facts: {}, expected: 'invalid' },
  { name: 'bad url and a spam referrer -> invalid (url before spam)', wire: { url: 'javascript:alert(1)', referrer: 'https://semalt.com/' }, facts: {}, expected: 'invalid' },
  { name: 'spam referrer on a lone engagement -> spam_referrer (spam before visit)', wire: { name: 'engagement', referrer: 'https://semalt.com/' },
    facts: { ip: '198.51.100.9' }, expected: 'spam_referrer' },
  { name: 'lone engagement -> no_session', wire: { name: 'engagement' }, facts: { ip: '198.51.100.10' }, expected: 'no_session' },
  { name: 'empty UA is accepted', wire: {}, facts: { userAgent: '' }, expected: null },
];

for (const c of dropCases) {
  test(`runPipeline: ${c.name}`, () => {
    const sessionsBefore = deps.visits.size;
    const result = runPipeline(newHit(wire(c.wire), facts(c.facts)), deps);
    assert.equal(isDrop(result) ? result.drop : null, c.expected);
    // Dropped hits never reach identity: no visit is started for them.
    if (c.expected !== null) assert.equal(deps.visits.size, sessionsBefore);
  });
}

test('runPipeline: engagement after a pageview joins its visit', () => {
  t += 60_000;
  const first = runPipeline(newHit(wire(), facts({ ip: '198.51.100.20', receivedAt: t })), deps);
  const ping = runPipeline(newHit(wire({ name: 'engagement', engagedMs: 5000, scrollDepth: 80 }), facts({ ip: '198.51.100.20', receivedAt: t + 10_000 })), deps);
  assert.ok(!isDrop(first) && !isDrop(ping));
  assert.equal(ping.sessionId, first.sessionId);
  assert.equal(ping.visitorId, first.visitorId);
  assert.equal(toEvent(ping).engagedMs, 5000);
});
