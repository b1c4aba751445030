// The collect endpoints as Fastify routes, for inject() and the route table. A running server
// answers these paths before Fastify (app.ts); both ways end in the one handler of collect-handler.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectPaths, type CollectDeps, type CollectHandler } from './collect-handler.ts';

export async function registerCollectRoutes(app: FastifyInstance, handle: CollectHandler, deps: Pick<CollectDeps, 'eventPath'>): Promise<void> {
  // The handler reads bodies itself (text/plain from the tracker, any JSON): this parser leaves
  // the stream unread. Scoped to this plugin: the stats API keeps Fastify's JSON parser.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const delegate = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    handle(request.raw, reply.raw);
  };
  const { pixel, events, umami } = collectPaths(deps);
  app.get(pixel, delegate);
  for (const path of [...events, umami]) {
    app.post(path, delegate);
    app.options(path, delegate);
  }
}
