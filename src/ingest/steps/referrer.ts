// Referrer steps: drop known spam, then name the source and channel and fill the UTM fields.
import { drop } from '../drop.ts';
import { utmFromQuery } from '../enrich/utm.ts';
import { referrerHost } from '../enrich/referrer.ts';
import type { Step } from '../pipeline.ts';

export const dropSpamReferrer: Step = (hit, { isSpamReferrer }) => {
  // The classifier's own host parsing, so the spam check and the stored source never disagree.
  const host = referrerHost(hit.referrer);
  return host !== null && isSpamReferrer(host) ? drop('spam_referrer') : undefined;
};

export const classifyReferrer: Step = (hit, { classifyReferrer: classify }) => {
  const utm = utmFromQuery(hit.query);
  const { referrer, source, channel } = classify(hit.referrer, hit.hostname, utm);
  // Field by field: object spread measured ~8 us per hit here.
  return {
    utmSource: utm.utmSource, utmMedium: utm.utmMedium, utmCampaign: utm.utmCampaign, utmContent: utm.utmContent, utmTerm: utm.utmTerm,
    referrer, source, channel,
  };
};
