// The closed set of reasons a hit is dropped; each is answered in X-Inkling-Dropped and counted in /metrics.

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

export interface Drop {
  readonly drop: DropReason;
}

export function drop(reason: DropReason): Drop {
  return { drop: reason };
}

export function isDrop(value: unknown): value is Drop {
  return typeof value === 'object' && value !== null && 'drop' in value;
}
