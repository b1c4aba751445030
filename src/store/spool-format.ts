// One spool line per event: a JSON array in the column order of the events table. Positional
// arrays serialize about twice as fast as objects and take half the disk.
//
// The fields are listed by hand, not looped over event-columns.ts: eventToLine runs once per hit,
// and a loop over the column keys took it from about 1.2 to 2.0 us per call (best of 5 runs of 1M
// calls); reading back by loop was about 25 % slower. tests/unit/event-columns.test.ts keeps both
// lists in the table's order.
import type { Device, Event } from '../event.ts';
import { EVENT_COLUMNS } from '../event-columns.ts';

const WIDTH = EVENT_COLUMNS.length;

export function eventToLine(e: Event): string {
  const fields = [
    e.id.toString(), e.ts, e.site, e.name, e.visitorId.toString(), e.sessionId.toString(),
    e.hostname, e.pathname, e.title, e.referrer, e.source, e.channel,
    e.utmSource, e.utmMedium, e.utmCampaign, e.utmContent, e.utmTerm,
    e.country, e.region, e.city, e.browser, e.browserVersion, e.os, e.osVersion, e.device,
    e.screenWidth, e.screenHeight, e.props, e.revenue, e.scrollDepth, e.engagedMs,
  ];
  const line = JSON.stringify(fields);
  // JSON.stringify writes a lone surrogate as a \udXXX escape, which is not UTF-8 and which the
  // store would refuse. Such text only comes from broken clients: store U+FFFD in its place.
  return line.includes('\\ud') ? JSON.stringify(fields.map(wellFormed)) : line;
}

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toWellFormed(), typeof v === 'string' ? v.toWellFormed() : v]));
}

/** Null for a line that is not a whole event (a torn write). */
export function eventFromLine(line: string): Event | null {
  let v: unknown[];
  try {
    v = JSON.parse(line) as unknown[];
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== WIDTH) return null;
  const s = (i: number) => (v[i] ?? null) as string | null;
  const n = (i: number) => (v[i] ?? null) as number | null;
  return {
    id: BigInt(v[0] as string), ts: v[1] as number, site: v[2] as string, name: v[3] as string,
    visitorId: BigInt(v[4] as string), sessionId: BigInt(v[5] as string),
    hostname: s(6), pathname: s(7), title: s(8), referrer: s(9), source: s(10), channel: s(11),
    utmSource: s(12), utmMedium: s(13), utmCampaign: s(14), utmContent: s(15), utmTerm: s(16),
    country: s(17), region: s(18), city: s(19), browser: s(20), browserVersion: s(21), os: s(22), osVersion: s(23),
    device: s(24) as Device | null, screenWidth: n(25), screenHeight: n(26),
    props: (v[27] ?? null) as Record<string, string> | null, revenue: n(28), scrollDepth: n(29), engagedMs: n(30),
  };
}
