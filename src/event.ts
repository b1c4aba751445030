// The stored event: what one row of `events` holds, after ingestion reduced a hit for privacy;
// the visit timeout that groups events into visits; the closed set of reasons a hit is dropped.

/** Visits: 30 minutes of inactivity ends one (ingest assigns visits, rollups wait this long before closing a day). */
export const VISIT_TIMEOUT_MS = 30 * 60_000;

export type Device = 'desktop' | 'mobile' | 'tablet';

/** An accepted, privacy-reduced event: exactly what a row in `events` holds (columns: event-columns.ts). */
export interface Event {
  /** Store-wide monotonic id; makes spool replay idempotent. */
  id: bigint;
  /** Epoch milliseconds, UTC. */
  ts: number;
  site: string;
  name: string;
  visitorId: bigint;
  sessionId: bigint;
  hostname: string | null;
  pathname: string | null;
  title: string | null;
  referrer: string | null;
  source: string | null;
  channel: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  device: Device | null;
  screenWidth: number | null;
  screenHeight: number | null;
  props: Record<string, string> | null;
  revenue: number | null;
  scrollDepth: number | null;
  engagedMs: number | null;
}

/** The closed set of reasons a hit is dropped; each is answered in X-Inkling-Dropped and counted in /metrics. */
export const dropReasons = [
  'unknown_site',
  'bot',
  'spam_referrer',
  'excluded',
  'rate_limited',
  'invalid',
  'no_session',
  'spool_full',
] as const;

export type DropReason = (typeof dropReasons)[number];
