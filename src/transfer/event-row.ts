// Our export's row format (the columns of `events`, snake_case) and its strict reading back into an Event.
import type { Device, Event } from '../event.ts';
import { EVENT_COLUMN_NAMES, EVENT_COLUMNS } from '../event-columns.ts';
import { MAX_NAME, MAX_PROPS, MAX_PROP_KEY, MAX_PROP_VALUE } from '../ingest/steps/event-fields.ts';
import { MAX_URL_LENGTH } from '../ingest/enrich/url.ts';

/** Column order of exports; the same names as the events table. */
export const EXPORT_COLUMNS = EVENT_COLUMN_NAMES;

/** The optional free-text columns, read as they are; device is text too but has its own check. */
const TEXT_COLUMNS = EVENT_COLUMNS.filter((c) => c.kind === 'text' && c.nullable && c.key !== 'device');
const MAX_TEXT = MAX_URL_LENGTH;
const DEVICES: ReadonlySet<string> = new Set(['desktop', 'mobile', 'tablet']);
const UINT64 = /^\d{1,20}$/;

export class RowError extends Error {
  override name = 'RowError';
}

/** An event as an export row (JSON values); the rows `import.events` takes. */
export function rowFromEvent(e: Omit<Event, 'id'>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of EVENT_COLUMNS) {
    if (c.key === 'id') continue;
    const value = e[c.key];
    row[c.name] = c.kind === 'time' ? new Date(value as number).toISOString() : c.kind === 'uint64' ? String(value) : value;
  }
  return row;
}

/** A row as exported (JSON values, or CSV strings where empty is null) -> Event fields; throws RowError. */
export function eventFromRow(row: Record<string, unknown>, site: string): Omit<Event, 'id'> {
  const text = (key: string): string | null => {
    const value = row[key];
    if (value === null || value === undefined || value === '') return null;
    if (typeof value !== 'string' || value.length > MAX_TEXT) throw new RowError(`${key} is not text of at most ${MAX_TEXT} characters`);
    return value;
  };
  const event: Omit<Event, 'id'> = {
    ts: timestamp(row.ts), site, name: required(text('name'), 'name'),
    visitorId: uint64(row.visitor_id, 'visitor_id'), sessionId: uint64(row.session_id, 'session_id'),
    hostname: null, pathname: null, title: null, referrer: null, source: null, channel: null,
    utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null,
    country: null, region: null, city: null, browser: null, browserVersion: null, os: null, osVersion: null,
    device: device(text('device')),
    screenWidth: int(row.screen_width, 'screen_width', 1, 20_000), screenHeight: int(row.screen_height, 'screen_height', 1, 20_000),
    props: props(row.props), revenue: number(row.revenue, 'revenue', -1e13, 1e13),
    scrollDepth: int(row.scroll_depth, 'scroll_depth', 0, 100), engagedMs: int(row.engaged_ms, 'engaged_ms', 0, 86_400_000),
  };
  for (const c of TEXT_COLUMNS) (event as unknown as Record<string, string | null>)[c.key] = text(c.name);
  if (event.name.length > MAX_NAME) throw new RowError(`name is longer than ${MAX_NAME} characters`);
  return event;
}

function required(value: string | null, key: string): string {
  if (value === null) throw new RowError(`${key} is missing`);
  return value;
}

function timestamp(value: unknown): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms) || ms < Date.UTC(2000, 0, 1) || ms > Date.UTC(2200, 0, 1)) throw new RowError('ts is not an ISO time between 2000 and 2200');
  return ms;
}

function uint64(value: unknown, key: string): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !UINT64.test(text) || BigInt(text) >= 2n ** 64n) throw new RowError(`${key} is not an unsigned 64-bit integer`);
  return BigInt(text);
}

function number(value: unknown, key: string, min: number, max: number): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new RowError(`${key} is not a number from ${min} to ${max}`);
  return n;
}

function int(value: unknown, key: string, min: number, max: number): number | null {
  const n = number(value, key, min, max);
  if (n !== null && !Number.isInteger(n)) throw new RowError(`${key} is not a whole number`);
  return n;
}

function device(value: string | null): Device | null {
  if (value !== null && !DEVICES.has(value)) throw new RowError('device is not desktop, mobile or tablet');
  return value as Device | null;
}

/** An object of strings (JSON text in CSV), within the collect endpoint's limits. */
function props(value: unknown): Record<string, string> | null {
  if (value === null || value === undefined || value === '') return null;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new RowError('props is not JSON');
    }
  }
  if (parsed === null) return null;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new RowError('props is not an object');
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > MAX_PROPS) throw new RowError(`props has more than ${MAX_PROPS} keys`);
  const kept: Record<string, string> = Object.create(null);
  for (const [key, v] of entries) {
    if (typeof v !== 'string' || key === '' || key.length > MAX_PROP_KEY || v.length > MAX_PROP_VALUE) throw new RowError('props holds a key or value out of bounds');
    kept[key] = v;
  }
  return entries.length === 0 ? null : kept;
}
