// Site facts a query needs: its time zone (validated before it reaches SQL) and first event.
import type { Db } from '../store/duckdb.ts';
import type { EventQueries } from '../store/event-queries.ts';
import { ApiError } from '../errors.ts';
import { dialectOf } from './sql/engine-dialect.ts';
import { isValidTimeZone } from './time-zone.ts';

export interface SiteInfo {
  domain: string;
  tz: string;
  /** Set when the stored zone was unusable and UTC was used instead. */
  warning: string | null;
}

const engineZones = new WeakMap<Db, Set<string>>();

/** Zones the engine knows; Intl and ICU data can differ, so a zone must pass both. */
async function knownToEngine(db: Db, tz: string): Promise<boolean> {
  let zones = engineZones.get(db);
  if (!zones) {
    const rows = await db.all<{ name: string }>('SELECT name FROM pg_timezone_names()');
    zones = new Set(rows.map((r) => r.name));
    engineZones.set(db, zones);
  }
  return zones.has(tz);
}

export async function loadSite(db: Db, domain: string, path = 'site_id'): Promise<SiteInfo> {
  const rows = await db.all<{ timezone: string }>('SELECT timezone FROM sites WHERE domain = $1', [domain]);
  const row = rows[0];
  if (!row) throw new ApiError('site_not_found', `${path}: no site "${domain.slice(0, 255)}"`);
  if (isValidTimeZone(row.timezone) && (await knownToEngine(db, row.timezone))) return { domain, tz: row.timezone, warning: null };
  return { domain, tz: 'UTC', warning: `the site's time zone "${row.timezone}" is unknown; UTC was used` };
}

export async function firstEventMs(events: EventQueries, domain: string): Promise<number | null> {
  const d = dialectOf(events);
  // DuckDB keeps visit spans: only events before the first visit's start are left to scan
  // (a whole-table min() costs a quarter of a second at 10M events).
  if (d.name === 'duckdb') {
    const [span] = await events.all<{ first_ms: unknown }>('SELECT epoch_ms(min(start_ts)) AS first_ms FROM visit_spans WHERE site = $1', [domain]);
    if (span?.first_ms != null) {
      const bound = BigInt(span.first_ms as bigint | number);
      const [earlier] = await events.all<{ first_ms: unknown }>('SELECT epoch_ms(min(ts)) AS first_ms FROM events WHERE site = $1 AND ts < make_timestamptz($2::BIGINT * 1000)', [domain, bound]);
      return Number(earlier?.first_ms ?? bound);
    }
  }
  // Counted too: min() over no rows is NULL in DuckDB but the type's default in ClickHouse.
  const sql = `SELECT ${d.epochMs('min(ts)')} AS first_ms, count(*) AS n FROM events WHERE site = ${d.placeholder(1, 'string')}`;
  const [row] = await events.all<{ first_ms: unknown; n: unknown }>(sql, [domain]);
  return row && Number(row.n) > 0 ? Number(row.first_ms) : null;
}
