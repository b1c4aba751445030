// Drops a client (IP plus user agent, or its address as a whole) that sends more hits than the configured rate allows.
import { drop } from '../drop.ts';
import type { Step } from '../pipeline.ts';

export const limitRate: Step = (hit, { rateLimiter }) =>
  rateLimiter.take(hit.ip, hit.userAgent, hit.receivedAt) ? undefined : drop('rate_limited');
