// What the pipeline steps may consult: lookups, caches and identity state, all injected.
import type { SiteRegistry } from '../../sites/registry.ts';
import type { Salts } from '../salt.ts';
import type { Sessions } from '../sessions.ts';
import type { GeoLookup } from '../enrich/geo.ts';
import type { createReferrerClassifier } from '../enrich/referrer.ts';
import type { createUserAgentParser } from '../enrich/user-agent.ts';
import type { HitRateLimiter } from '../enrich/rate-limit.ts';

export interface PipelineDeps {
  sites: SiteRegistry;
  isBot(userAgent: string): boolean;
  isSpamReferrer(host: string): boolean;
  classifyReferrer: ReturnType<typeof createReferrerClassifier>;
  parseUserAgent: ReturnType<typeof createUserAgentParser>;
  geo: GeoLookup;
  salts: Salts;
  sessions: Sessions;
  rateLimiter: HitRateLimiter;
}
