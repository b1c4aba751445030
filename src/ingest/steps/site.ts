// Picks the site: the stated domain, else the Referer header's host, else the only site.
import { drop } from '../drop.ts';
import { normalizeDomain } from '../../sites/domain.ts';
import type { Step } from '../pipeline.ts';

export const resolveSite: Step = (hit, { sites }) => {
  if (hit.domain !== null && hit.domain !== '') {
    const domain = normalizeDomain(hit.domain);
    return domain !== null && sites.get(domain) ? { site: domain } : drop('unknown_site');
  }
  const fromReferer = hit.referer === null ? null : normalizeDomain(hit.referer);
  if (fromReferer !== null && sites.get(fromReferer)) return { site: fromReferer };
  const only = sites.only();
  return only ? { site: only.domain } : drop('unknown_site');
};
