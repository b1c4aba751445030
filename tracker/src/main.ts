// Entry point: installs window.inkling, starts the listeners, then replays calls queued before load.
import { flag } from './config.ts';
import { listenForClicks } from './clicks.ts';
import { listenForEngagement } from './engagement.ts';
import { trackPageviews } from './pageviews.ts';
import { track } from './track.ts';

type Inkling = typeof track & { q?: ArrayLike<unknown>[] };

declare global {
  interface Window {
    /** Pages may define the queue stub before the script loads:
     * window.inkling=window.inkling||function(){(inkling.q=inkling.q||[]).push(arguments)} */
    inkling?: Inkling;
  }
}

const queued = (window.inkling && window.inkling.q) || [];
window.inkling = track;
listenForEngagement();
listenForClicks();
// Manual mode: the page sends its own pageviews, e.g. with a redacted URL.
if (!flag('manual')) trackPageviews();
for (const args of queued) track(...(args as Parameters<typeof track>));
