// Operational routes: health, Prometheus metrics (loopback only unless configured) and the test page.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';
import { createCidrMatcher } from '../ingest/enrich/client-ip.ts';
import { sendError } from './errors.ts';
import { testPageHtml } from './test-page.ts';

/** The matcher unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1) as the socket may report it. */
export const isLoopback = createCidrMatcher(['127.0.0.0/8', '::1/128']);

export async function registerOpsRoutes(app: FastifyInstance, deps: { metrics: Metrics; metricsPublic: boolean }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/metrics', async (request, reply) => {
    // The socket peer, never a forwarding header: a proxy must not open this to the world.
    if (!deps.metricsPublic && !isLoopback(request.socket.remoteAddress ?? '')) {
      return sendError(reply, 403, 'forbidden', 'Metrics are served to loopback only.');
    }
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render());
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(testPageHtml()));
}
