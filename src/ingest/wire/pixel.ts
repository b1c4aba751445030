// The tracking pixel's query string (the original snippet's contract) -> WireEvent. Every parameter is optional.
import type { WireEvent } from '../types.ts';

type Query = Record<string, string | string[] | undefined>;

export function parsePixelQuery(query: Query): WireEvent {
  return {
    name: 'pageview',
    url: text(query.u, 4000),
    path: text(query.path, 4000),
    domain: text(query.d, 300),
    referrer: text(query.referrer ?? query.r, 4000),
    title: text(query.title ?? query.t, 2000),
    screen: text(query.resolution ?? query.s, 40),
    props: null,
    revenue: null,
    interactive: true,
    hashMode: false,
    scrollDepth: null,
    engagedMs: null,
  };
}

/** First value of a repeated parameter, cut to `max`; empty -> null. */
function text(value: string | string[] | undefined, max: number): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === '') return null;
  return first.slice(0, max);
}
