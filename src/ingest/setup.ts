// Builds the pipeline's lookups and caches from the config.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../store/duckdb.ts';
import type { Logger } from '../log.ts';
import type { SiteRegistry } from '../sites/registry.ts';
import type { PipelineDeps } from './pipeline.ts';
import { createBotDetector } from './enrich/bot.ts';
import { createSpamList, readSpamFile } from './enrich/spam.ts';
import { createReferrerClassifier } from './enrich/referrer.ts';
import { createUserAgentParser } from './enrich/user-agent.ts';
import { openGeo } from './enrich/geo.ts';
import { createSalts } from './salt.ts';
import { VISIT_TIMEOUT_MS } from '../event.ts';
import { VisitCache } from './visits.ts';
import { saltPersistence } from '../store/app-data.ts';
import { createHitRateLimiter } from './enrich/rate-limit.ts';
import type { EventQueries } from '../store/event-queries.ts';
import { dialectOf } from '../query/sql/engine-dialect.ts';
import type { Clock } from '../lib/clock.ts';

export interface IngestEnv {
  config: Config;
  db: Db;
  /** Where the store's events are queried (visit restore). */
  events: EventQueries;
  log: Logger;
  sites: SiteRegistry;
  clock: Clock;
  randomBytes?: (size: number) => Buffer;
}

const VISIT_CACHE_SIZE = 200_000;

export async function createPipelineDeps(env: IngestEnv): Promise<PipelineDeps> {
  const random = env.randomBytes ?? randomBytes;
  const extraSpam = env.config.spamReferrersFile ? readSpamFile(fs.readFileSync(env.config.spamReferrersFile, 'utf8')) : [];
  const visits = new VisitCache(VISIT_CACHE_SIZE, () => random(8).readBigUInt64BE(0));
  await restoreVisits(env.events, visits, env.clock.now());
  return {
    sites: env.sites,
    isBot: createBotDetector(),
    isSpamReferrer: createSpamList(extraSpam),
    classifyReferrer: createReferrerClassifier(),
    parseUserAgent: createUserAgentParser(),
    geo: openGeo({ file: env.config.geoipFile }),
    salts: await createSalts({ now: () => env.clock.now(), randomBytes: random, persistence: saltPersistence(env.db), log: env.log, shared: env.config.appDb !== null }),
    visits,
    rateLimiter: createHitRateLimiter(env.config.rateLimit),
  };
}

/** Visits survive a restart: the last 30 minutes of the store (wherever events live) refill the visit cache. */
async function restoreVisits(events: EventQueries, visits: VisitCache, now: number): Promise<void> {
  const d = dialectOf(events);
  const rows = await events.all<{ visitor_id: bigint | string; session_id: bigint | string; last_ms: bigint | number | string }>(
    `SELECT visitor_id, session_id, ${d.epochMs('max(ts)')} AS last_ms FROM events
     WHERE ts >= ${d.timestamp(d.placeholder(1, 'timestamp'))} GROUP BY visitor_id, session_id`,
    [new Date(now - VISIT_TIMEOUT_MS).toISOString()],
  );
  for (const row of rows) visits.restore(BigInt(row.visitor_id), BigInt(row.session_id), Number(row.last_ms));
}
