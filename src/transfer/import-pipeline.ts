// The ingestion pipeline for imported hits (access logs): the live steps, with identity state of
// its own. Past days get a random salt each, kept in memory for the import only and never stored.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { PipelineDeps } from '../ingest/pipeline.ts';
import type { Salts } from '../ingest/salt.ts';
import { utcDay } from '../ingest/salt.ts';
import type { SiteRegistry } from '../sites/registry.ts';
import { createBotDetector } from '../ingest/enrich/bot.ts';
import { createSpamList, readSpamFile } from '../ingest/enrich/spam.ts';
import { createReferrerClassifier } from '../ingest/enrich/referrer.ts';
import { createUserAgentParser } from '../ingest/enrich/user-agent.ts';
import { openGeo } from '../ingest/enrich/geo.ts';
import { VisitCache } from '../ingest/visits.ts';
import { parseRateLimit } from '../config.ts';
import { createHitRateLimiter } from '../ingest/enrich/rate-limit.ts';

export interface ImportPipelineOptions {
  sites: SiteRegistry;
  geoipFile: string | null;
  spamReferrersFile: string | null;
  /** The rate limit replayed at the log's own times, as the live server would have applied it. */
  rateLimit: string;
  random?: (size: number) => Buffer;
}

const IMPORT_VISITS = 50_000;

export function createImportPipelineDeps(o: ImportPipelineOptions): PipelineDeps {
  const random = o.random ?? randomBytes;
  const extraSpam = o.spamReferrersFile ? readSpamFile(fs.readFileSync(o.spamReferrersFile, 'utf8')) : [];
  return {
    sites: o.sites,
    isBot: createBotDetector(),
    isSpamReferrer: createSpamList(extraSpam),
    classifyReferrer: createReferrerClassifier(),
    parseUserAgent: createUserAgentParser(),
    geo: openGeo({ file: o.geoipFile }),
    salts: createImportSalts(random),
    visits: new VisitCache(IMPORT_VISITS, () => random(8).readBigUInt64BE(0)),
    rateLimiter: createHitRateLimiter(parseRateLimit(o.rateLimit)),
  };
}

/** One random salt per UTC day of the log. Logs run forward in time, so days two behind the newest are forgotten. */
export function createImportSalts(random: (size: number) => Buffer): Salts {
  const byDay = new Map<number, Buffer>();
  let newest = -Infinity;
  const saltOf = (day: number): Buffer => {
    let salt = byDay.get(day);
    if (salt === undefined) {
      salt = random(32);
      byDay.set(day, salt);
    }
    if (day > newest) {
      newest = day;
      for (const known of byDay.keys()) if (known < newest - 1) byDay.delete(known);
    }
    return salt;
  };
  return {
    forTime(ts) {
      const day = utcDay(ts);
      const current = saltOf(day);
      return { current, previous: byDay.get(day - 1) ?? null };
    },
    prune: async () => {},
    settle: async () => {},
    sync: async () => {},
  };
}
