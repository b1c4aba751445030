import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropBots, lookupLocation, newHit, type PipelineDeps, type Step, type StepResult } from '../../src/ingest/pipeline.ts';
import type { Hit, RequestFacts, WireEvent } from '../../src/ingest/types.ts';
import { SiteRegistry } from '../../src/sites/registry.ts';
import { createBotDetector } from '../../src/ingest/enrich/bot.ts';
import { createSpamList } from '../../src/ingest/enrich/spam.ts';
import { createReferrerClassifier } from '../../src/ingest/enrich/referrer.ts';
import { createUserAgentParser } from '../../src/ingest/enrich/user-agent.ts';
import { openGeo } from '../../src/ingest/enrich/geo.ts';
import { createSalts } from '../../src/ingest/salt.ts';
import type { SaltPersistence } from '../../src/store/app-data.ts';
import { createHitRateLimiter } from '../../src/ingest/enrich/rate-limit.ts';
import { VisitCache } from '../../src/ingest/visits.ts';
import { silentLogger } from '../../src/log.ts';
import { resolveSite } from '../../src/ingest/steps/site.ts';
import { parseUrl } from '../../src/ingest/steps/url.ts';
import { checkEventFields, MAX_PROP_KEY, MAX_PROP_VALUE, MAX_PROPS } from '../../src/ingest/steps/event-fields.ts';
import { classifyReferrer, dropSpamReferrer } from '../../src/ingest/steps/referrer.ts';
import { parseDevice } from '../../src/ingest/steps/device.ts';

const T0 = Date.UTC(2024, 5, 10, 12, 0, 0);
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const noPersistence: SaltPersistence = { load: async () => [], save: async (_day, salt) => salt, deleteBefore: async () => {} };

async function makeDeps(domains: string[]): Promise<PipelineDeps> {
  let n = 0;
  return {
    sites: new SiteRegistry(domains.map((domain) => ({ domain, timezone: 'UTC' }))),
    isBot: createBotDetector(),
    isSpamReferrer: createSpamList(),
    classifyReferrer: createReferrerClassifier(),
    parseUserAgent: createUserAgentParser(),
    geo: openGeo({ file: null }),
    salts: await createSalts({ now: () => T0, randomBytes: (size) => Buffer.alloc(size, n++), persistence: noPersistence, log: silentLogger }),
    visits: new VisitCache(100, () => BigInt(++n)),
    rateLimiter: createHitRateLimiter(null),
  };
}

const oneSite = await makeDeps(['example.com']);
const twoSites = await makeDeps(['example.com', 'other.org']);

const baseWire: WireEvent = {
  name: 'pageview', url: null, path: null, domain: null, referrer: null, title: null, screen: null,
  props: null, revenue: null, interactive: true, hashMode: false, scrollDepth: null, engagedMs: null,
};
const baseFacts: RequestFacts = { ip: '203.0.113.77', userAgent: CHROME, referer: null, receivedAt: T0 };

/** A hit as newHit builds it, with wire, request and earlier-step fields overridden. */
function hit(patch: Partial<Hit> = {}): Hit {
  const h = newHit({ ...baseWire }, { ...baseFacts });
  return Object.assign(h, patch);
}

interface Case { name: string; step: Step; deps?: PipelineDeps; hit: Partial<Hit>; expected: StepResult }

const cases: Case[] = [
  // resolveSite
  { name: 'site from d', step: resolveSite, hit: { domain: 'example.com' }, expected: { site: 'example.com' } },
  { name: 'site from d with www. and uppercase', step: resolveSite, deps: twoSites, hit: { domain: 'WWW.Example.COM' }, expected: { site: 'example.com' } },
  { name: 'site from d given as a URL', step: resolveSite, deps: twoSites, hit: { domain: 'https://other.org/x' }, expected: { site: 'other.org' } },
  { name: 'unknown d drops even with one site', step: resolveSite, hit: { domain: 'unknown.net' }, expected: { drop: 'unknown_site' } },
  { name: 'invalid d drops', step: resolveSite, hit: { domain: 'not a domain!' }, expected: { drop: 'unknown_site' } },
  { name: 'site from the Referer host', step: resolveSite, deps: twoSites, hit: { referer: 'https://www.other.org/page?q=1' }, expected: { site: 'other.org' } },
  { name: 'only site when nothing is stated', step: resolveSite, hit: {}, expected: { site: 'example.com' } },
  { name: 'only site when the Referer host is unknown', step: resolveSite, hit: { referer: 'https://elsewhere.net/' }, expected: { site: 'example.com' } },
  { name: 'several sites and nothing stated', step: resolveSite, deps: twoSites, hit: {}, expected: { drop: 'unknown_site' } },
  { name: 'several sites and an unknown Referer', step: resolveSite, deps: twoSites, hit: { referer: 'https://elsewhere.net/' }, expected: { drop: 'unknown_site' } },

  // parseUrl (the site is already resolved)
  { name: 'u wins over path and Referer', step: parseUrl, hit: { site: 'example.com', url: 'https://example.com/a', path: '/b', referer: 'https://example.com/c' },
    expected: { hostname: 'example.com', pathname: '/a', query: {} } },
  { name: 'pixel path sits on the site host', step: parseUrl, hit: { site: 'example.com', path: '/blog/post', referer: 'https://example.com/c' },
    expected: { hostname: 'example.com', pathname: '/blog/post', query: {} } },
  { name: 'pixel path without a leading slash', step: parseUrl, hit: { site: 'example.com', path: 'blog' }, expected: { hostname: 'example.com', pathname: '/blog', query: {} } },
  { name: 'pixel path cannot change the host', step: parseUrl, hit: { site: 'example.com', path: '//evil.test/x' },
    expected: { hostname: 'example.com', pathname: '//evil.test/x', query: {} } },
  { name: 'missing url: the Referer page', step: parseUrl, hit: { site: 'example.com', referer: 'https://www.example.com/from?utm_medium=x' },
    expected: { hostname: 'example.com', pathname: '/from', query: { utm_medium: 'x' } } },
  { name: 'missing url and non-http Referer: /', step: parseUrl, hit: { site: 'example.com', referer: 'android-app://com.x/' },
    expected: { hostname: 'example.com', pathname: '/', query: {} } },
  { name: 'missing everything: /', step: parseUrl, hit: { site: 'example.com' }, expected: { hostname: 'example.com', pathname: '/', query: {} } },
  { name: 'javascript: url is invalid', step: parseUrl, hit: { site: 'example.com', url: 'javascript:alert(1)' }, expected: { drop: 'invalid' } },
  { name: 'ftp url is invalid', step: parseUrl, hit: { site: 'example.com', url: 'ftp://example.com/f' }, expected: { drop: 'invalid' } },
  { name: 'relative url is invalid', step: parseUrl, hit: { site: 'example.com', url: '/relative' }, expected: { drop: 'invalid' } },
  { name: 'query kept only for utm_*, ref and source', step: parseUrl,
    hit: { site: 'example.com', url: 'https://example.com/p?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d&utm_term=e&ref=f&source=g&token=s3cret&email=a@b.c&gclid=1' },
    expected: { hostname: 'example.com', pathname: '/p', query: { utm_source: 'a', utm_medium: 'b', utm_campaign: 'c', utm_content: 'd', utm_term: 'e', ref: 'f', source: 'g' } } },
  { name: 'hash mode keeps the route', step: parseUrl, hit: { site: 'example.com', url: 'https://example.com/#/about', hashMode: true },
    expected: { hostname: 'example.com', pathname: '/#/about', query: {} } },

  // checkEventFields
  { name: 'name trimmed', step: checkEventFields, hit: { name: '  Signup \n' }, expected: { name: 'Signup', props: null, revenue: null, scrollDepth: null, engagedMs: null } },
  { name: 'empty name is invalid', step: checkEventFields, hit: { name: '' }, expected: { drop: 'invalid' } },
  { name: 'blank name is invalid', step: checkEventFields, hit: { name: ' \t ' }, expected: { drop: 'invalid' } },
  { name: 'name over 120 is invalid', step: checkEventFields, hit: { name: 'x'.repeat(121) }, expected: { drop: 'invalid' } },
  { name: 'name of 120 is kept', step: checkEventFields, hit: { name: 'x'.repeat(120) }, expected: { name: 'x'.repeat(120), props: null, revenue: null, scrollDepth: null, engagedMs: null } },
  { name: 'revenue NaN -> null', step: checkEventFields, hit: { revenue: Number.NaN }, expected: fields({ revenue: null }) },
  { name: 'revenue Infinity -> null', step: checkEventFields, hit: { revenue: Number.POSITIVE_INFINITY }, expected: fields({ revenue: null }) },
  { name: 'revenue huge -> null', step: checkEventFields, hit: { revenue: 1e13 }, expected: fields({ revenue: null }) },
  { name: 'revenue huge negative -> null', step: checkEventFields, hit: { revenue: -1e15 }, expected: fields({ revenue: null }) },
  { name: 'revenue kept', step: checkEventFields, hit: { revenue: 19.99 }, expected: fields({ revenue: 19.99 }) },
  { name: 'scroll depth below 0 clamped', step: checkEventFields, hit: { scrollDepth: -5 }, expected: fields({ scrollDepth: 0 }) },
  { name: 'scroll depth above 100 clamped', step: checkEventFields, hit: { scrollDepth: 250 }, expected: fields({ scrollDepth: 100 }) },
  { name: 'scroll depth rounded', step: checkEventFields, hit: { scrollDepth: 42.6 }, expected: fields({ scrollDepth: 43 }) },
  { name: 'scroll depth NaN -> null', step: checkEventFields, hit: { scrollDepth: Number.NaN }, expected: fields({ scrollDepth: null }) },
  { name: 'engaged ms negative clamped', step: checkEventFields, hit: { engagedMs: -1 }, expected: fields({ engagedMs: 0 }) },
  { name: 'engaged ms over a day clamped', step: checkEventFields, hit: { engagedMs: 1e12 }, expected: fields({ engagedMs: 86_400_000 }) },
  { name: 'engaged ms kept', step: checkEventFields, hit: { engagedMs: 1234.4 }, expected: fields({ engagedMs: 1234 }) },
  { name: 'empty props -> null', step: checkEventFields, hit: { props: { '': 'x', k: '' } }, expected: fields({ props: null }) },

  // referrer
  { name: 'spam referrer dropped', step: dropSpamReferrer, hit: { referrer: 'https://semalt.com/x' }, expected: { drop: 'spam_referrer' } },
  { name: 'spam referrer subdomain, uppercase', step: dropSpamReferrer, hit: { referrer: 'HTTP://A.B.Semalt.COM:8080/' }, expected: { drop: 'spam_referrer' } },
  { name: 'spam referrer with userinfo', step: dropSpamReferrer, hit: { referrer: 'https://user@semalt.com/' }, expected: { drop: 'spam_referrer' } },
  { name: 'spam referrer with a backslash', step: dropSpamReferrer, hit: { referrer: 'https://semalt.com\\x' }, expected: { drop: 'spam_referrer' } },
  { name: 'spam referrer without scheme', step: dropSpamReferrer, hit: { referrer: 'semalt.com/page' }, expected: { drop: 'spam_referrer' } },
  { name: 'normal referrer kept', step: dropSpamReferrer, hit: { referrer: 'https://news.ycombinator.com/' }, expected: undefined },
  { name: 'no referrer kept', step: dropSpamReferrer, hit: {}, expected: undefined },
  { name: 'self-referral removed', step: classifyReferrer, hit: { hostname: 'example.com', referrer: 'https://www.example.com/other' },
    expected: { referrer: null, source: null, channel: 'Direct', ...utm({}) } },
  { name: 'external referrer classified', step: classifyReferrer, hit: { hostname: 'example.com', referrer: 'https://news.ycombinator.com/item?id=1' },
    expected: { referrer: 'news.ycombinator.com/item', source: 'Hacker News', channel: 'Organic Social', ...utm({}) } },
  { name: 'utm fields from the kept query', step: classifyReferrer, hit: { hostname: 'example.com', query: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'spring' } },
    expected: { referrer: null, source: 'newsletter', channel: 'Email', ...utm({ utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'spring' }) } },

  // bot
  { name: 'Googlebot dropped', step: dropBots, hit: { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, expected: { drop: 'bot' } },
  { name: 'HeadlessChrome dropped', step: dropBots,
    hit: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36' }, expected: { drop: 'bot' } },
  { name: 'empty UA kept', step: dropBots, hit: { userAgent: '' }, expected: undefined },
  { name: 'Chrome kept', step: dropBots, hit: {}, expected: undefined },

  // device and location
  { name: 'Chrome on Windows with a screen', step: parseDevice, hit: { screen: '1920x1080' },
    expected: { browser: 'Chrome', browserVersion: '124', os: 'Windows', osVersion: '10', device: 'desktop', screenWidth: 1920, screenHeight: 1080 } },
  { name: 'empty UA, bad screen', step: parseDevice, hit: { userAgent: '', screen: '0x0' },
    expected: { browser: null, browserVersion: null, os: null, osVersion: null, device: null, screenWidth: null, screenHeight: null } },
  { name: 'public IP located', step: lookupLocation, hit: { ip: '8.8.8.8' }, expected: { country: 'US', region: null, city: null } },
  { name: 'private IP not located', step: lookupLocation, hit: { ip: '192.168.1.1' }, expected: { country: null, region: null, city: null } },
];

function fields(patch: Record<string, unknown>): StepResult {
  return { name: 'pageview', props: null, revenue: null, scrollDepth: null, engagedMs: null, ...patch } as StepResult;
}
function utm(patch: Partial<Record<'utmSource' | 'utmMedium' | 'utmCampaign' | 'utmContent' | 'utmTerm', string>>) {
  return { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null, ...patch };
}

for (const c of cases) {
  test(`${c.step.name}: ${c.name}`, () => {
    const h = hit(c.hit);
    const before = JSON.stringify(h, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    assert.deepEqual(c.step(h, c.deps ?? oneSite), c.expected);
    // Steps return patches; the pipeline applies them.
    assert.equal(JSON.stringify(h, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)), before);
  });
}

test('checkEventFields: props bound to 30 keys, keys over 300 dropped, values cut at 2000', () => {
  const props: Record<string, string> = { ['k'.repeat(MAX_PROP_KEY + 1)]: 'dropped', ['k'.repeat(MAX_PROP_KEY)]: 'v'.repeat(2500) };
  for (let i = 0; i < 40; i++) props[`p${i}`] = `v${i}`;
  const result = checkEventFields(hit({ props }), oneSite) as Partial<Hit>;
  const kept = result.props ?? {};
  assert.equal(Object.keys(kept).length, MAX_PROPS);
  assert.equal(kept['k'.repeat(MAX_PROP_KEY)], 'v'.repeat(MAX_PROP_VALUE));
  assert.equal(Object.hasOwn(kept, 'k'.repeat(MAX_PROP_KEY + 1)), false);
  assert.deepEqual(Object.keys(kept).slice(1), Array.from({ length: MAX_PROPS - 1 }, (_, i) => `p${i}`));
});

test('checkEventFields: "__proto__" and "constructor" props stay own keys and pollute nothing', () => {
  const props: Record<string, string> = Object.create(null);
  props['__proto__'] = 'x';
  props['constructor'] = 'y';
  const result = checkEventFields(hit({ props }), oneSite) as Partial<Hit>;
  assert.equal(({} as Record<string, unknown>).x, undefined);
  assert.deepEqual(Object.entries(result.props ?? {}), [['__proto__', 'x'], ['constructor', 'y']]);
});
