// Soak traffic: returning and new visitors, common and one-off user agents and referrers, so the
// session, UA, referrer and rate-limit caches all fill up and keep evicting.
import { USER_AGENTS, PATHS, REFERRERS, pick } from './traffic.ts';

export interface SoakHit {
  path: string;
  options: { method?: string; headers: Record<string, string>; body?: string };
}

/** Hit `n`: a share `newVisitors` comes from never-seen addresses, the rest from a pool of 5,000. */
export function soakHit(n: number, newVisitors: number): SoakHit {
  const fresh = (n * 0.6180339887) % 1 < newVisitors;
  const visitor = fresh ? 1_000_000 + n : n % 5_000;
  const ip = `${10 + (visitor % 200)}.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
  // One hit in ten has a one-off UA or referrer: the caches must evict, not grow.
  const ua = n % 10 === 0 ? `${pick(USER_AGENTS, n)} Soak/${n}` : pick(USER_AGENTS, visitor);
  const referrer = n % 10 === 5 ? `https://blog-${n}.example/post/${n}` : pick(REFERRERS, n);
  const headers = { 'user-agent': ua, 'x-forwarded-for': ip };
  if (n % 2 === 0) {
    const query = new URLSearchParams({ d: 'soak.example', path: pick(PATHS, n), referrer, resolution: '1920,1080' });
    return { path: `/pixel.gif?${query}`, options: { headers } };
  }
  const body = JSON.stringify({ n: n % 6 === 1 ? 'engagement' : 'pageview', u: `https://soak.example${pick(PATHS, n)}`, d: 'soak.example', r: referrer, sd: 40, e: 3000 });
  return { path: '/api/event', options: { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body } };
}
