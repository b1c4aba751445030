// Turns the page URL (or the pixel's path) into hostname, pathname and the kept query parameters.
import { drop } from '../drop.ts';
import { parsePageUrl } from '../enrich/url.ts';
import type { Step } from '../pipeline.ts';
import type { Hit } from '../types.ts';

export const parseUrl: Step = (hit) => {
  const page = parsePageUrl(pageUrlOf(hit), hit.hashMode);
  if (page === null) return drop('invalid');
  return { hostname: page.hostname, pathname: page.pathname, query: page.query };
};

/** `u` wins; the pixel's `path` sits on the site's own host; else the page that sent the hit. */
function pageUrlOf(hit: Readonly<Hit>): string {
  if (hit.url !== null && hit.url !== '') return hit.url;
  if (hit.path !== undefined && hit.path !== null && hit.path !== '') {
    const path = hit.path.startsWith('/') ? hit.path : `/${hit.path}`;
    return `https://${hit.site}${path}`;
  }
  if (hit.referer !== null && /^https?:\/\//i.test(hit.referer)) return hit.referer;
  return `https://${hit.site}/`;
}
