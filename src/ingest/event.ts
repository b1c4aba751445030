// Hit -> Event: copies only the privacy-reduced fields. IP and UA are not among them, by construction.
import type { Event } from '../event.ts';
import type { Hit } from './types.ts';

export function toEvent(hit: Readonly<Hit>): Omit<Event, 'id'> {
  return {
    ts: hit.receivedAt,
    site: hit.site ?? '',
    name: hit.name,
    visitorId: hit.visitorId ?? 0n,
    sessionId: hit.sessionId ?? 0n,
    hostname: hit.hostname,
    pathname: hit.pathname,
    title: hit.title === null ? null : hit.title.slice(0, 500),
    referrer: hit.referrer,
    source: hit.source,
    channel: hit.channel,
    utmSource: hit.utmSource,
    utmMedium: hit.utmMedium,
    utmCampaign: hit.utmCampaign,
    utmContent: hit.utmContent,
    utmTerm: hit.utmTerm,
    country: hit.country,
    region: hit.region,
    city: hit.city,
    browser: hit.browser,
    browserVersion: hit.browserVersion,
    os: hit.os,
    osVersion: hit.osVersion,
    device: hit.device,
    screenWidth: hit.screenWidth,
    screenHeight: hit.screenHeight,
    props: hit.props,
    revenue: hit.revenue,
    scrollDepth: hit.scrollDepth,
    engagedMs: hit.engagedMs,
  };
}
