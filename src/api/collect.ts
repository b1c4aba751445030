// Public collect endpoints: GET /pixel.gif and POST /api/event. They answer at once and the
// same way whatever happens to the hit; a dropped hit only adds X-Inkling-Dropped.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ingest } from '../ingest/ingest.ts';
import type { RequestFacts } from '../ingest/types.ts';
import type { Clock } from '../ingest/setup.ts';
import { parsePixelQuery } from '../ingest/wire/pixel.ts';
import { parseEventBody } from '../ingest/wire/plausible.ts';
import { parseUmamiBody } from '../ingest/wire/umami.ts';
import { TRANSPARENT_GIF } from './gif.ts';
import { sendError } from './errors.ts';

export interface CollectDeps {
  ingest: Ingest;
  clock: Clock;
  resolveIp(socketIp: string, headers: FastifyRequest['headers']): string;
  /** First-party alias for POST /api/event. */
  eventPath: string | null;
  bodyLimit: number;
}

/** On every answer, errors included: readable cross-origin and never cached. */
const COLLECT_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
/** Only a preflight needs these; every header costs time on each of many thousands of hits. */
const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type',
  'access-control-max-age': '86400',
};

export async function registerCollectRoutes(app: FastifyInstance, deps: CollectDeps): Promise<void> {
  // The tracker posts text/plain (no CORS preflight); take any body as text and parse JSON ourselves
  // so a bad body gets our error format. Scoped to this plugin: the stats API keeps Fastify's JSON.
  app.removeAllContentTypeParsers();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(COLLECT_HEADERS);
    done();
  });
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: deps.bodyLimit }, (_req, body, done) => done(null, body));

  const facts = (request: FastifyRequest): RequestFacts => ({
    ip: deps.resolveIp(request.socket.remoteAddress ?? '', request.headers),
    userAgent: headerText(request.headers['user-agent']),
    referer: headerText(request.headers.referer) || null,
    receivedAt: deps.clock.now(),
  });

  app.get('/pixel.gif', async (request, reply) => {
    const wire = parsePixelQuery(request.query as Record<string, string | string[] | undefined>);
    markDropped(reply, await deps.ingest.accept(wire, facts(request)));
    return reply.type('image/gif').send(TRANSPARENT_GIF);
  });

  const postEvent = async (request: FastifyRequest, reply: FastifyReply) => {
    const json = parseJson(request.body);
    if (json === undefined) return sendError(reply, 400, 'invalid_json', 'The body must be a JSON object.');
    const parsed = parseEventBody(json);
    const dropped = parsed.ok ? await deps.ingest.accept(parsed.wire, facts(request)) : 'invalid';
    markDropped(reply, dropped);
    return reply.code(202).send();
  };
  const preflight = async (_request: FastifyRequest, reply: FastifyReply) => reply.code(204).headers(PREFLIGHT_HEADERS).send();

  // Umami's collect endpoint, so a site can switch by changing only the script's host. Umami's
  // tracker parses every answer as JSON and stops for good on {disabled: true}: always answer {}.
  app.post('/api/send', async (request, reply) => {
    const parsed = parseUmamiBody(parseJson(request.body));
    markDropped(reply, parsed.kind === 'event' ? await deps.ingest.accept(parsed.wire, facts(request)) : 'invalid');
    return reply.code(200).type('application/json').send('{}');
  });
  app.options('/api/send', preflight);

  for (const path of ['/api/event', ...(deps.eventPath ? [deps.eventPath] : [])]) {
    app.post(path, postEvent);
    app.options(path, preflight);
  }
}

/** Parses the posted text; undefined when it is not JSON at all. */
export function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function markDropped(reply: FastifyReply, reason: string | null): void {
  if (reason !== null) reply.header('x-inkling-dropped', reason);
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
