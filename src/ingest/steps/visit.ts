// Identity: the salted visitor id and the visit it belongs to. The one step with state (the visit cache).
import { drop } from '../drop.ts';
import { visitorId } from '../visitor-id.ts';
import type { Step } from '../pipeline.ts';

export const assignVisit: Step = (hit, { salts, visits }) => {
  const site = hit.site ?? '';
  const keys = salts.forTime(hit.receivedAt);
  const current = visitorId(keys.current, site, hit.ip, hit.userAgent);
  // Yesterday's id only matters when today's has no live visit: skip the second HMAC otherwise.
  const previous = keys.previous === null || visits.isLive(current, hit.receivedAt) ? null : visitorId(keys.previous, site, hit.ip, hit.userAgent);
  // Engagement pings report on a pageview; alone they must not invent a visit.
  const visit = visits.assign({ current, previous }, hit.receivedAt, hit.name !== 'engagement');
  if (visit === null) return drop('no_session');
  return { visitorId: visit.visitorId, sessionId: visit.sessionId };
};
