// Posts one event to the collect endpoint, in Plausible's Events API field names.
import { domain, endpoint, hashMode } from './config.ts';
import { isIgnored } from './exclude.ts';

/** The options of `inkling(name, options)`. */
export interface Options {
  props?: Record<string, string | number | boolean>;
  /** A number, or Plausible's {amount, currency}; sent as given, the server takes either. */
  revenue?: number | { amount: number | string; currency: string };
  /** Called when the request settles (with the Response, or the error), or at once when skipped. */
  callback?: (result?: unknown) => void;
  /** A URL to report instead of location.href (relative URLs resolve against the page). */
  url?: string;
  /** False for events that must not turn a visit into a non-bounce. */
  interactive?: boolean;
}

/** Fields one kind of event adds: its URL, and for engagement the measurements. */
interface Extra {
  u: string;
  i?: boolean;
  sd?: number;
  e?: number;
}

export function send(name: string, options: Options, extra: Extra): void {
  const done = options.callback || Object;
  if (isIgnored()) return done();
  // A string body is sent as text/plain: a CORS "simple request", so no preflight round trip.
  // keepalive lets the request outlive the page, so links need no delayed navigation.
  fetch(endpoint, {
    method: 'POST',
    keepalive: true,
    body: JSON.stringify(
      Object.assign(
        {
          n: name,
          d: domain,
          r: document.referrer, // empty means none: the server reads '' as null
          t: document.title,
          s: screen.width + 'x' + screen.height,
          h: hashMode,
          p: options.props,
          $: options.revenue,
          i: options.interactive,
        },
        extra,
      ),
    ),
  }).then(done, done);
}
