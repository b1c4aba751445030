// A tiny history router: the location as a subscribable value, navigate() for pushes and
// replaces, and link clicks turned into pushes (so views change without a page load).
import { useEffect, useState } from 'preact/hooks';

type Listener = () => void;
const listeners = new Set<Listener>();

function notify(): void {
  for (const l of listeners) l();
}

window.addEventListener('popstate', notify);

export interface Loc {
  pathname: string;
  search: string;
}

const current = (): Loc => ({ pathname: location.pathname, search: location.search });

export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(href, location.href);
  if (url.origin !== location.origin) {
    location.assign(url);
    return;
  }
  const next = url.pathname + url.search;
  if (next === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  notify();
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return loc;
}

/** For an <a> onClick: plain left clicks navigate in place; modified clicks open as usual. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (anchor.target && anchor.target !== '_self') return;
  event.preventDefault();
  navigate(anchor.href);
}
