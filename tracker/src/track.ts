// `inkling(name, options)`: the one function pages call, for pageviews and every other event.
import { hashMode } from './config.ts';
import { startPage } from './engagement.ts';
import { send, type Options } from './send.ts';

let lastPath: string | undefined;

const pathKey = (): string => location.pathname + (hashMode ? location.hash : '');

/** SPA routers push the same path again (query changes, re-renders): that is not a new page. */
export const isNewPath = (): boolean => pathKey() != lastPath;

export function track(name: string, options: Options = {}): void {
  const u = new URL(options.url || location.href, location.href).href;
  if (name == 'pageview') {
    lastPath = pathKey();
    startPage(u);
  }
  send(name, options, { u });
}
