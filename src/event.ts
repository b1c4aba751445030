// The stored event: what one row of `events` holds, after ingestion reduced a hit for privacy.

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
