// App data in the store: sites and salts. Plain SQL kept portable between DuckDB and PostgreSQL.
import { DuckDBBlobValue } from '@duckdb/node-api';
import type { Db } from './duckdb.ts';
import { deleteSiteGoalData } from './saved-store.ts';
import type { EventQueries } from './event-queries.ts';
import { DAY_MS } from '../lib/time.ts';

/** A site as the sites table holds it (the registry adds its compiled rules: sites/registry.ts). */
export interface SiteRecord {
  domain: string;
  timezone: string;
}

export async function listSites(db: Db): Promise<SiteRecord[]> {
  return db.all<{ domain: string; timezone: string } & Record<string, unknown>>(
    'SELECT domain, timezone FROM sites ORDER BY domain',
  );
}

/** Inserts the site or updates its time zone; returns whether it already existed. */
export async function upsertSite(db: Db, site: SiteRecord): Promise<boolean> {
  const existing = await db.all('SELECT 1 FROM sites WHERE domain = $1', [site.domain]);
  if (existing.length > 0) {
    await db.run('UPDATE sites SET timezone = $1 WHERE domain = $2', [site.timezone, site.domain]);
    return true;
  }
  await db.run('INSERT INTO sites (domain, timezone) VALUES ($1, $2)', [site.domain, site.timezone]);
  return false;
}

/**
 * Deletes every one of the site's events from `events` (DuckDB or ClickHouse), then
 * the site; returns the number of events removed. Events go first: if that fails, nothing is gone.
 */
export async function deleteSite(db: Db, events: EventQueries, domain: string): Promise<number> {
  const deleted = await events.deleteEvents(domain, null);
  await db.run('DELETE FROM sites WHERE domain = $1', [domain]);
  await deleteSiteGoalData(db, domain);
  return deleted;
}

/** Where the daily visitor salts (ingest/salt.ts) are kept, so every node and restart uses the same. */
export interface SaltPersistence {
  load(): Promise<Array<{ day: number; salt: Buffer }>>;
  /** Keeps `salt` unless the day already has one; returns the one kept (another node's when it saved first). */
  save(day: number, salt: Buffer): Promise<Buffer>;
  /** Deletes every salt older than `day`. */
  deleteBefore(day: number): Promise<void>;
}

export function saltPersistence(db: Db): SaltPersistence {
  const toDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
  return {
    async load() {
      const rows = await db.all<{ day: string; salt: Uint8Array }>('SELECT CAST(day AS VARCHAR) AS day, salt FROM salts');
      return rows.map((r) => ({ day: Math.round(Date.parse(r.day + 'T00:00:00Z') / DAY_MS), salt: Buffer.from(r.salt) }));
    },
    async save(day, salt) {
      await db.run('INSERT INTO salts (day, salt) VALUES (CAST($1 AS DATE), $2) ON CONFLICT DO NOTHING', [toDate(day), blob(salt)]);
      const [kept] = await db.all<{ salt: Uint8Array }>('SELECT salt FROM salts WHERE day = CAST($1 AS DATE)', [toDate(day)]);
      return kept ? Buffer.from(kept.salt) : salt;
    },
    async deleteBefore(day) {
      await db.run('DELETE FROM salts WHERE day < CAST($1 AS DATE)', [toDate(day)]);
    },
  };
}

function blob(bytes: Buffer): DuckDBBlobValue {
  return new DuckDBBlobValue(new Uint8Array(bytes));
}
