// The ingestion pipeline: an ordered, named list of small steps, each returning a patch or a Drop.
import type { Hit, RequestFacts, WireEvent } from './types.ts';
import { drop, isDrop, type Drop } from './drop.ts';
import type { SiteRegistry } from '../sites/registry.ts';
import type { Salts } from './salt.ts';
import type { VisitCache } from './visits.ts';
import type { GeoLookup } from './enrich/geo.ts';
import type { createReferrerClassifier } from './enrich/referrer.ts';
import type { createUserAgentParser } from './enrich/user-agent.ts';
import type { HitRateLimiter } from './enrich/rate-limit.ts';
import { resolveSite } from './steps/site.ts';
import { parseUrl } from './steps/url.ts';
import { applySiteRules } from './steps/site-rules.ts';
import { dropSpamReferrer, classifyReferrer } from './steps/referrer.ts';
import { checkEventFields } from './steps/event-fields.ts';
import { parseDevice } from './steps/device.ts';
import { assignVisit } from './steps/visit.ts';

/** What the pipeline steps may consult: lookups, caches and identity state, all injected. */
export interface PipelineDeps {
  sites: SiteRegistry;
  isBot(userAgent: string): boolean;
  isSpamReferrer(host: string): boolean;
  classifyReferrer: ReturnType<typeof createReferrerClassifier>;
  parseUserAgent: ReturnType<typeof createUserAgentParser>;
  geo: GeoLookup;
  salts: Salts;
  visits: VisitCache;
  rateLimiter: HitRateLimiter;
}

export type StepResult = Partial<Hit> | Drop | undefined;
export type Step = (hit: Readonly<Hit>, deps: PipelineDeps) => StepResult;

// The one-line steps; the longer ones have a file each in steps/.

/** Drops a client (IP plus user agent, or its address as a whole) that sends more hits than the configured rate allows. */
export const limitRate: Step = (hit, { rateLimiter }) =>
  rateLimiter.take(hit.ip, hit.userAgent, hit.receivedAt) ? undefined : drop('rate_limited');

/** Drops crawlers, headless browsers and automation tools. */
export const dropBots: Step = (hit, { isBot }) => (isBot(hit.userAgent) ? drop('bot') : undefined);

/** Country (and region and city with a user-supplied city database) from the IP, looked up locally. */
export const lookupLocation: Step = (hit, { geo }) => geo.lookup(hit.ip);

/** Order matters: cheap drops first, identity last so dropped hits never touch sessions. */
export const steps: ReadonlyArray<readonly [string, Step]> = [
  ['limitRate', limitRate],
  ['resolveSite', resolveSite],
  ['dropBots', dropBots],
  ['checkEventFields', checkEventFields],
  ['parseUrl', parseUrl],
  ['applySiteRules', applySiteRules],
  ['dropSpamReferrer', dropSpamReferrer],
  ['classifyReferrer', classifyReferrer],
  ['parseDevice', parseDevice],
  ['lookupLocation', lookupLocation],
  ['assignVisit', assignVisit],
];

/** Field by field rather than by spread: one stable object shape keeps the hot path fast. */
export function newHit(wire: WireEvent, facts: RequestFacts): Hit {
  return {
    name: wire.name, url: wire.url, path: wire.path ?? null, domain: wire.domain, referrer: wire.referrer,
    title: wire.title, screen: wire.screen, props: wire.props, revenue: wire.revenue,
    interactive: wire.interactive, hashMode: wire.hashMode, scrollDepth: wire.scrollDepth, engagedMs: wire.engagedMs,
    ip: facts.ip, userAgent: facts.userAgent, referer: facts.referer, receivedAt: facts.receivedAt,
    site: null, hostname: null, pathname: null, query: {},
    source: null, channel: null,
    utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null,
    country: null, region: null, city: null,
    browser: null, browserVersion: null, os: null, osVersion: null, device: null,
    screenWidth: null, screenHeight: null,
    visitorId: null, sessionId: null,
  };
}

export function runPipeline(hit: Hit, deps: PipelineDeps, pipeline = steps): Hit | Drop {
  for (const [, step] of pipeline) {
    const result = step(hit, deps);
    if (result === undefined) continue;
    if (isDrop(result)) return result;
    Object.assign(hit, result);
  }
  return hit;
}
