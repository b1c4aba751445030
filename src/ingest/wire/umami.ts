// Umami's collect body (POST /api/send) -> WireEvent, so a site can switch by changing only the
// script's host. Umami's session extras (language, `id` for identity stitching, `tag`) are
// dropped on purpose: we store nothing that could link a person across visits.
import type { WireEvent } from '../types.ts';

export type ParsedUmami = { kind: 'event'; wire: WireEvent; website: string } | { kind: 'invalid'; reason: string };

/**
 * `website` is one of our sites' domain (or id); it becomes `domain`, and a caller holding an id
 * replaces that with the site's domain. `body` may be the JSON text or the parsed value.
 */
export function parseUmamiBody(body: unknown): ParsedUmami {
  const root = objectOf(typeof body === 'string' ? parseJson(body) : body);
  if (!root) return invalid('body is not a JSON object');
  // Umami also sends "identify" (links a session to a user id): never collected here.
  if (root.type !== 'event') return invalid(`type ${JSON.stringify(root.type)} is not collected`);
  const payload = objectOf(root.payload);
  if (!payload) return invalid('payload is not an object');
  const website = text(payload.website, 300);
  if (website === null) return invalid('payload.website is required');
  const base = baseUrl(text(payload.hostname, 300));
  const data = objectOf(payload.data);
  return {
    kind: 'event',
    website,
    wire: {
      name: text(payload.name, 500) ?? 'pageview',
      // Umami's tracker sends a full URL today and sent only path + query before 2.13.
      url: resolve(text(payload.url, 4000), base),
      domain: website,
      referrer: resolve(text(payload.referrer, 4000), base),
      title: text(payload.title, 2000),
      screen: text(payload.screen, 40),
      props: data ? propsOf(data) : null,
      // Umami's revenue reports read `revenue` (with `currency`) from the event data.
      revenue: data ? numberOf(data.revenue) : null,
      interactive: true,
      hashMode: false,
      scrollDepth: null,
      engagedMs: null,
    },
  };
}

function invalid(reason: string): ParsedUmami {
  return { kind: 'invalid', reason };
}

function parseJson(textBody: string): unknown {
  try {
    return JSON.parse(textBody);
  } catch {
    return undefined;
  }
}

function objectOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A non-empty string cut to `max`, else null. */
function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : null;
}

function numberOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The page's origin as Umami itself rebuilds it: the scheme is not sent, so https is assumed. */
function baseUrl(hostname: string | null): URL | null {
  if (hostname === null) return null;
  try {
    return new URL(`https://${hostname}`);
  } catch {
    return null;
  }
}

/** A full URL as given, or a path resolved against the page's origin; null when neither works. */
function resolve(urlOrPath: string | null, base: URL | null): string | null {
  if (urlOrPath === null) return null;
  try {
    return new URL(urlOrPath, base ?? undefined).href;
  } catch {
    return null;
  }
}

/** Umami's event data is free-form JSON; props are strings, so other values keep their JSON text. */
function propsOf(data: Record<string, unknown>): Record<string, string> {
  const props: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(data)) {
    props[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return props;
}
