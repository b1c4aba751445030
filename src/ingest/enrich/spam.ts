// Referrer-spam detection: a referrer host (or any parent domain) on the shipped or user-supplied list.

/**
 * Well-known referrer-spam domains (from the Matomo and Plausible community lists).
 * Kept short on purpose: the long tail changes weekly, so users add their own list.
 */
const SHIPPED_SPAM_HOSTS: readonly string[] = [
  '4webmasters.org', '7makemoneyonline.com', '100dollars-seo.com', 'best-seo-offer.com',
  'best-seo-solution.com', 'blackhatworth.com', 'buttons-for-website.com', 'buttons-for-your-website.com',
  'cenoval.ru', 'darodar.com', 'econom.co', 'event-tracking.com', 'floating-share-buttons.com',
  'free-floating-buttons.com', 'free-share-buttons.com', 'free-social-buttons.com', 'get-free-traffic-now.com',
  'googlsucks.com', 'hulfingtonpost.com', 'humanorightswatch.org', 'ilovevitaly.com', 'ilovevitaly.ru',
  'kambasoft.com', 'o-o-6-o-o.com', 'o-o-8-o-o.com', 'priceg.com', 'rank-checker.online',
  'savetubevideo.com', 'semalt.com', 'simple-share-buttons.com', 'site-auditor.online', 'social-buttons.com',
  'success-seo.com', 'trafficmonetize.com', 'trafficmonetizer.org', 'videos-for-your-business.com',
];

export function createSpamList(extraHosts: readonly string[] = []): (referrerHost: string) => boolean {
  const hosts = new Set<string>();
  for (const host of [...SHIPPED_SPAM_HOSTS, ...extraHosts]) {
    const normalized = normalizeEntry(host);
    if (normalized !== '') hosts.add(normalized);
  }
  return (referrerHost) => {
    let host = referrerHost.toLowerCase();
    if (host.endsWith('.')) host = host.slice(0, -1);
    // Spammers rotate subdomains (a.semalt.com, semalt.semalt.com), so every parent is checked.
    for (;;) {
      if (hosts.has(host)) return true;
      const dot = host.indexOf('.');
      if (dot === -1) return false;
      host = host.slice(dot + 1);
    }
  };
}

/** One host per line; `#` starts a comment; blank lines are skipped. */
export function readSpamFile(text: string): string[] {
  const hosts: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const hash = line.indexOf('#');
    const host = normalizeEntry(hash === -1 ? line : line.slice(0, hash));
    if (host !== '') hosts.push(host);
  }
  return hosts;
}

/** Lowercase; "*.example.com" and ".example.com" mean example.com, which already covers subdomains. */
function normalizeEntry(entry: string): string {
  let host = entry.trim().toLowerCase();
  if (host.startsWith('*.')) host = host.slice(2);
  else if (host.startsWith('.')) host = host.slice(1);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
