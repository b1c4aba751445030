// Applies the site's own settings: hits from a hostname it does not allow count as an unknown
// site; hits from an excluded address or on an excluded path are dropped as excluded.
import { drop } from '../drop.ts';
import type { Step } from '../pipeline.ts';

export const applySiteRules: Step = (hit, { sites }) => {
  const rules = hit.site === null ? undefined : sites.get(hit.site)?.rules;
  if (!rules) return undefined;
  if (rules.allowsHost && !rules.allowsHost(hit.hostname)) return drop('unknown_site');
  if (rules.excludesIp?.(hit.ip)) return drop('excluded');
  if (rules.excludesPath?.(hit.pathname)) return drop('excluded');
  return undefined;
};
