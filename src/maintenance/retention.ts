// Per-site retention: deletes events older than the site's retention_days, once at start and then daily.
import type { Db } from '../store/duckdb.ts';
import type { Logger } from '../log.ts';
import { AdminError } from '../lib/admin-error.ts';
import { normalizeDomain } from '../sites/domain.ts';
import { DAY_MS } from '../lib/time.ts';
import type { EventQueries } from '../store/event-queries.ts';
import { startPeriodic, type PeriodicJob } from '../lib/periodic.ts';

export const MAX_RETENTION_DAYS = 36_500;
/** The first run waits a little so a start-up is never slowed by a large delete. */
const FIRST_RUN_DELAY_MS = 60_000;

export interface RetentionRow {
  domain: string;
  days: number | null;
}

export async function listRetention(db: Db): Promise<RetentionRow[]> {
  return db.all<RetentionRow & Record<string, unknown>>('SELECT domain, retention_days AS days FROM sites ORDER BY domain');
}

/**
 * Deletes the events of each site with a retention (or only `domain`) older than its days, in
 * DuckDB or ClickHouse (where `inkling clickhouse ddl --retention-days` can add a table-wide TTL too).
 */
export async function applyRetention(db: Db, events: EventQueries, now: number, domain: string | null = null): Promise<Array<{ domain: string; deleted: number }>> {
  const results: Array<{ domain: string; deleted: number }> = [];
  for (const site of await listRetention(db)) {
    if (site.days === null || (domain !== null && site.domain !== domain)) continue;
    results.push({ domain: site.domain, deleted: await events.deleteEvents(site.domain, now - site.days * DAY_MS) });
  }
  return results;
}

/** Runs retention at start and every 24 hours; stop() waits for a run in progress. */
export function startRetention(db: Db, events: EventQueries, log: Logger, now: () => number): PeriodicJob {
  return startPeriodic(async () => {
    try {
      for (const { domain, deleted } of await applyRetention(db, events, now())) {
        if (deleted > 0) log.info('retention: deleted old events', { site: domain, events: deleted });
      }
    } catch (error) {
      log.error('retention run failed; retried tomorrow', { error: (error as Error).message });
    }
  }, FIRST_RUN_DELAY_MS, DAY_MS);
}

export async function knownSite(db: Db, raw: string): Promise<string> {
  const domain = normalizeDomain(raw);
  const rows = domain === null ? [] : await db.all('SELECT 1 FROM sites WHERE domain = $1', [domain]);
  if (domain === null || rows.length === 0) throw new AdminError(`no site "${raw}" (see: npx inkling site list)`);
  return domain;
}
