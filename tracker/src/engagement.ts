// Measures time on page (only while the page is visible and focused) and the deepest scroll,
// and reports both for the current page as an `engagement` event when the page is left.
import { send } from './send.ts';

let engagedMs = 0;
/** When the current engaged stretch began, or 0 while the visitor is elsewhere. */
let since = 0;
let deepestPx = 0;
/** The URL of the page the measurements belong to (the last pageview's). */
let page: string | undefined;

function tick(): void {
  const now = Date.now();
  if (since) engagedMs += now - since;
  since = !document.hidden && document.hasFocus() ? now : 0;
}

/** Scroll depth in percent of the page's current height (content may have grown since). */
function depth(): number {
  deepestPx = Math.max(deepestPx, scrollY + innerHeight);
  return Math.min(100, Math.round((deepestPx / document.documentElement.scrollHeight) * 100));
}

/** Sends what the current page accumulated, if the visitor was there since the last send. */
function flush(): void {
  tick();
  if (page && engagedMs) {
    send('engagement', {}, { u: page, i: false, sd: depth(), e: engagedMs });
    engagedMs = 0;
  }
}

/** Closes the previous page's measurements and starts the next page's. */
export function startPage(url: string): void {
  flush();
  page = url;
  engagedMs = deepestPx = 0;
}

export function listenForEngagement(): void {
  addEventListener('scroll', depth);
  addEventListener('focus', tick);
  addEventListener('blur', tick);
  // Leaving, closing or switching away from the page all turn it hidden in current browsers,
  // so pagehide would only repeat that (engagement.test.ts leaves a page for real).
  addEventListener('visibilitychange', () => (document.hidden ? flush() : tick()));
}
