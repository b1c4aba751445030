// Automatic pageviews: one on load, then one per client-side navigation to a new path.
import { hashMode } from './config.ts';
import { isNewPath, track } from './track.ts';

export function trackPageviews(): void {
  const onNavigate = (): void => {
    if (isNewPath()) track('pageview');
  };
  // Routers navigate with pushState, which fires no event; replaceState only rewrites the
  // current entry (redirects, query updates), so it is not a new page.
  const pushState = history.pushState;
  history.pushState = function (...args) {
    pushState.apply(this, args);
    onNavigate();
  };
  addEventListener('popstate', onNavigate);
  if (hashMode) addEventListener('hashchange', onNavigate);
  track('pageview');
}
