// The public collect endpoints on plain node:http: GET /pixel.gif, POST /api/event (and its
// first-party alias), POST /api/send (Umami) and their CORS preflights. They answer at once and
// the same way whatever happens to the hit; a dropped hit only adds X-Inkling-Dropped.
//
// Why not Fastify routes: for the same GIF answer, Fastify's request and reply objects, hooks and
// body parser measured ~14 us of event-loop time per hit here (45-51 us against 31-37 us for bare
// node:http), about a fifth of a hit's whole cost. The server calls this before Fastify, and the
// Fastify routes of these paths (for inject() and the route table) call it too.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { Ingest } from '../ingest/ingest.ts';
import type { RequestFacts } from '../ingest/types.ts';
import type { Clock } from '../lib/clock.ts';
import { parsePixelQuery } from '../ingest/wire/pixel.ts';
import { parseEventBody } from '../ingest/wire/plausible.ts';
import { parseUmamiBody } from '../ingest/wire/umami.ts';
import { errorBody, type ErrorCode } from '../errors.ts';
import { TRANSPARENT_GIF } from './gif.ts';

export interface CollectDeps {
  ingest: Ingest;
  clock: Clock;
  resolveIp(socketIp: string, headers: IncomingHttpHeaders): string;
  /** First-party alias for POST /api/event. */
  eventPath: string | null;
  bodyLimit: number;
}

/** Handles the request and returns true when it is a collect request; false leaves it to the app. */
export type CollectHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Every collect path, for the app's own routes of them. */
export function collectPaths(deps: Pick<CollectDeps, 'eventPath'>): { pixel: string; events: string[]; umami: string } {
  return { pixel: '/pixel.gif', events: ['/api/event', ...(deps.eventPath ? [deps.eventPath] : [])], umami: '/api/send' };
}

/** On every answer, errors included: readable cross-origin and never cached. */
const COLLECT_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
const GIF_HEADERS = { ...COLLECT_HEADERS, 'content-type': 'image/gif' };
const JSON_HEADERS = { ...COLLECT_HEADERS, 'content-type': 'application/json; charset=utf-8' };
/** Only a preflight needs these; every header costs time on each of many thousands of hits. */
const PREFLIGHT_HEADERS = {
  ...COLLECT_HEADERS,
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type',
  'access-control-max-age': '86400',
};

export function createCollectHandler(deps: CollectDeps): CollectHandler {
  const { pixel, events, umami } = collectPaths(deps);
  const eventPaths = new Set(events);
  const facts = (request: IncomingMessage): RequestFacts => ({
    ip: deps.resolveIp(request.socket.remoteAddress ?? '', request.headers),
    userAgent: headerText(request.headers['user-agent']),
    referer: headerText(request.headers.referer) || null,
    receivedAt: deps.clock.now(),
  });

  const answerPixel = async (request: IncomingMessage, response: ServerResponse, query: string) => {
    const wire = parsePixelQuery(parseQueryString(query));
    const dropped = await deps.ingest.accept(wire, facts(request));
    response.writeHead(200, withDropped(GIF_HEADERS, dropped)).end(TRANSPARENT_GIF);
  };

  const answerEvent = async (request: IncomingMessage, response: ServerResponse, body: string) => {
    const json = parseJson(body);
    if (json === undefined) return sendError(response, 400, 'invalid_json', 'The body must be a JSON object.');
    const parsed = parseEventBody(json);
    const dropped = parsed.ok ? await deps.ingest.accept(parsed.wire, facts(request)) : 'invalid';
    response.writeHead(202, withDropped(COLLECT_HEADERS, dropped)).end();
  };

  // Umami's collect endpoint, so a site can switch by changing only the script's host. Umami's
  // tracker parses every answer as JSON and stops for good on {disabled: true}: always answer {}.
  const answerUmami = async (request: IncomingMessage, response: ServerResponse, body: string) => {
    const parsed = parseUmamiBody(parseJson(body));
    const dropped = parsed.kind === 'event' ? await deps.ingest.accept(parsed.wire, facts(request)) : 'invalid';
    response.writeHead(200, withDropped(JSON_HEADERS, dropped)).end('{}');
  };

  return (request, response) => {
    const url = request.url ?? '';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const isEvent = eventPaths.has(path);
    if (path !== pixel && !isEvent && path !== umami) return false;
    const method = request.method;
    // HEAD gets the GIF's headers without its body (node:http drops it), as a GET would.
    if (path === pixel && (method === 'GET' || method === 'HEAD')) {
      guard(response, answerPixel(request, response, mark === -1 ? '' : url.slice(mark + 1)));
    } else if (path !== pixel && method === 'POST') {
      readBody(request, deps.bodyLimit, (body) => guard(response, isEvent ? answerEvent(request, response, body) : answerUmami(request, response, body)), () =>
        refuseBody(request, response),
      );
    } else if (path !== pixel && method === 'OPTIONS') {
      response.writeHead(204, PREFLIGHT_HEADERS).end();
    } else {
      return false;
    }
    return true;
  };
}

/**
 * Reads the body as text up to `limit` bytes. Past it (or when Content-Length already says so)
 * answers once and reads no further: the rest is never pulled off the wire.
 */
function readBody(request: IncomingMessage, limit: number, done: (body: string) => void, tooLarge: () => void): void {
  // A client that goes away mid-body has no answer to wait for.
  request.on('error', () => undefined);
  if (Number(request.headers['content-length']) > limit) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) return void chunks.push(chunk);
    request.off('data', onData).pause();
    chunks.length = 0;
    tooLarge();
  };
  request.on('data', onData);
  request.on('end', () => {
    if (size <= limit) done(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
  });
}

/**
 * The too-large answer, then the connection ends: a keep-alive connection would have to read the
 * rest of the body first, and a client could keep a connection streaming for the request timeout.
 */
function refuseBody(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => request.destroy());
  sendError(response, 400, 'body_too_large', 'The body is larger than the limit.', { connection: 'close' });
}

/** Accepting never throws by design; should it, the client still gets an answer and no details. */
function guard(response: ServerResponse, answering: Promise<unknown>): void {
  answering.catch(() => {
    if (!response.headersSent) sendError(response, 500, 'internal', 'Internal error.');
  });
}

function withDropped(headers: Record<string, string>, reason: string | null): Record<string, string> {
  return reason === null ? headers : { ...headers, 'x-inkling-dropped': reason };
}

function sendError(response: ServerResponse, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { ...JSON_HEADERS, ...extra }).end(JSON.stringify(errorBody(code, message)));
}

/** Parses the posted text; undefined when it is not JSON at all. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
