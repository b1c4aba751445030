// "First full render": every panel of the dashboard reports when it first shows data (or an
// empty or error state). When all have, the document is marked ready, for the benchmark and
// the browser tests: <html data-ready="true"> and a performance mark "inkling:ready".
const waiting = new Set<string>();
const done = new Set<string>();
let finished = false;

export function expectPanel(name: string): void {
  if (!finished && !done.has(name)) waiting.add(name);
}

export function panelRendered(name: string): void {
  if (finished || done.has(name)) return;
  done.add(name);
  waiting.delete(name);
  if (waiting.size === 0) {
    finished = true;
    // After the browser has painted the last panel, not merely after the state update.
    requestAnimationFrame(() => {
      performance.mark('inkling:ready');
      document.documentElement.dataset.ready = 'true';
    });
  }
}

/** A whole-page state (sign in, unknown site) is the complete render. */
export function pageRendered(): void {
  for (const name of [...waiting]) panelRendered(name);
  if (!finished) panelRendered('page');
}
