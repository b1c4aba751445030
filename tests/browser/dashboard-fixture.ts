// The dashboard tests' traffic: a few dozen hand-written visits on known days, seeded straight
// into the store, and the figures the dashboard must show for them (computed here from the
// same visits, so a change to the fixture cannot desynchronise the expectations).
import type { Event } from '../../src/event.ts';
import { makeEvent } from '../helpers/seed.ts';

export const SITE = 'shop.example';
const DAY = 86_400_000;

export interface Visit {
  /** Days before today (UTC); 0 is today. */
  daysAgo: number;
  /** Minutes past 10:00 UTC on that day, or (for today) minutes before now. */
  minute: number;
  pages: string[];
  source: string | null;
  referrer: string | null;
  channel: string;
  country: string;
  browser: string;
  os: string;
  device: 'desktop' | 'mobile' | 'tablet';
  utmCampaign?: string;
  goal?: { name: string; props: Record<string, string> };
}

const V = (daysAgo: number, minute: number, pages: string[], src: [string | null, string | null, string], place: string, sw: [string, string, Visit['device']], extra: Partial<Visit> = {}): Visit => ({
  daysAgo, minute, pages, source: src[0], referrer: src[1], channel: src[2], country: place, browser: sw[0], os: sw[1], device: sw[2], ...extra,
});

const DIRECT: [null, null, string] = [null, null, 'Direct'];
const GOOGLE: [string, string, string] = ['Google', 'https://www.google.com/', 'Organic Search'];
const HN: [string, string, string] = ['Hacker News', 'https://news.ycombinator.com/', 'Referral'];
const CHROME: [string, string, 'desktop'] = ['Chrome', 'Windows', 'desktop'];
const SAFARI: [string, string, 'mobile'] = ['Safari', 'iOS', 'mobile'];
const FIREFOX: [string, string, 'desktop'] = ['Firefox', 'Linux', 'desktop'];

export const VISITS: Visit[] = [
  // Yesterday: six visits.
  V(1, 0, ['/', '/pricing', '/signup'], GOOGLE, 'DE', CHROME, { goal: { name: 'Signup', props: { plan: 'pro' } } }),
  V(1, 5, ['/'], DIRECT, 'US', SAFARI),
  V(1, 9, ['/pricing'], GOOGLE, 'US', CHROME, { utmCampaign: 'spring-sale' }),
  V(1, 20, ['/blog/hello', '/'], HN, 'FR', FIREFOX),
  V(1, 31, ['/'], DIRECT, 'DE', CHROME),
  V(1, 44, ['/docs', '/docs/install', '/pricing'], GOOGLE, 'JP', SAFARI),
  // Five days ago: four visits.
  V(5, 0, ['/'], GOOGLE, 'US', CHROME),
  V(5, 15, ['/pricing', '/signup'], DIRECT, 'GB', FIREFOX, { goal: { name: 'Signup', props: { plan: 'free' } } }),
  V(5, 30, ['/blog/hello'], HN, 'US', SAFARI),
  V(5, 45, ['/'], DIRECT, 'BR', CHROME),
  // Twelve days ago: three visits.
  V(12, 0, ['/', '/docs'], GOOGLE, 'IN', CHROME),
  V(12, 10, ['/docs'], DIRECT, 'IN', FIREFOX),
  V(12, 20, ['/pricing'], GOOGLE, 'DE', SAFARI, { utmCampaign: 'spring-sale' }),
  // Today, a few minutes ago: the live visitor.
  V(0, 1, ['/'], DIRECT, 'NL', CHROME),
];

function startOf(v: Visit, now: number): number {
  if (v.daysAgo === 0) return now - v.minute * 60_000;
  const day = Math.floor(now / DAY) - v.daysAgo;
  return day * DAY + 10 * 3_600_000 + v.minute * 60_000;
}

export function fixtureEvents(now: number): Event[] {
  const events: Event[] = [];
  let id = 1n;
  VISITS.forEach((v, i) => {
    let ts = startOf(v, now);
    const base = {
      site: SITE, visitorId: BigInt(1000 + i), sessionId: BigInt(5000 + i), hostname: SITE, referrer: v.referrer, source: v.source, channel: v.channel,
      country: v.country, browser: v.browser, browserVersion: '1.0', os: v.os, device: v.device, screenWidth: 1440, screenHeight: 900, utmCampaign: v.utmCampaign ?? null,
    };
    for (const page of v.pages) {
      events.push(makeEvent({ ...base, id: id++, ts, name: 'pageview', pathname: page }));
      ts += 40_000;
    }
    if (v.goal) events.push(makeEvent({ ...base, id: id++, ts, name: v.goal.name, pathname: v.pages.at(-1)!, props: v.goal.props }));
  });
  return events;
}

/** Visits in the last `days` full days (today excluded, as the "Nd" presets count). */
export const within = (days: number) => VISITS.filter((v) => v.daysAgo >= 1 && v.daysAgo <= days);

/** Each visit has its own visitor, so visitors = visits. */
export function expected(visits: Visit[]) {
  return {
    visitors: visits.length,
    pageviews: visits.reduce((n, v) => n + v.pages.length, 0),
    visitorsOf: (page: string) => visits.filter((v) => v.pages.includes(page)).length,
    countries: new Set(visits.map((v) => v.country)).size,
  };
}
