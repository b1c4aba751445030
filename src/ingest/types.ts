// The types of each ingestion stage: WireEvent (what arrived) -> Hit (parsed and
// enriched, still holding IP and UA in memory) -> Event (privacy-reduced, stored).
import type { Device } from '../event.ts';

/** What a collect endpoint parsed from the request, before any enrichment. */
export interface WireEvent {
  /** Event name: "pageview", "engagement" or a custom name. */
  name: string;
  /** Full page URL if known (`u`). */
  url: string | null;
  /** The pixel's `path` parameter: a page path on the site, used when `url` is absent. */
  path?: string | null;
  /** Site domain as the client stated it (`d` / `domain`). */
  domain: string | null;
  referrer: string | null;
  title: string | null;
  /** Screen as `WxH` or `W,H`, unparsed. */
  screen: string | null;
  props: Record<string, string> | null;
  revenue: number | null;
  interactive: boolean;
  hashMode: boolean;
  scrollDepth: number | null;
  engagedMs: number | null;
}

/** The request facts a pipeline needs; raw IP and UA never leave memory. */
export interface RequestFacts {
  ip: string;
  userAgent: string;
  /** The Referer header: the page that sent the hit (site and URL fallback when not stated). */
  referer: string | null;
  /** Epoch milliseconds when the request arrived. */
  receivedAt: number;
}

/** A hit moving through the pipeline: wire data plus what the steps add. */
export interface Hit extends WireEvent, RequestFacts {
  site: string | null;
  hostname: string | null;
  pathname: string | null;
  /** Query parameters kept from the URL (utm_*, ref, source). */
  query: Record<string, string>;
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
  visitorId: bigint | null;
  sessionId: bigint | null;
}
