// Referrer steps: drop known spam, then name the source and channel and fill the UTM fields.
import { drop } from '../drop.ts';
import { utmFromQuery } from '../enrich/utm.ts';
import type { Step } from '../pipeline.ts';

export const dropSpamReferrer: Step = (hit, { isSpamReferrer }) => {
  const host = hostOf(hit.referrer);
  return host !== null && isSpamReferrer(host) ? drop('spam_referrer') : undefined;
};

export const classifyReferrer: Step = (hit, { classifyReferrer: classify }) => {
  const utm = utmFromQuery(hit.query);
  const { referrer, source, channel } = classify(hit.referrer, hit.hostname, utm);
  return { ...utm, referrer, source, channel };
};

function hostOf(referrer: string | null): string | null {
  if (referrer === null || referrer === '') return null;
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(referrer);
  return match?.[1]?.toLowerCase() ?? null;
}
