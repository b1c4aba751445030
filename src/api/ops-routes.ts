// Operational routes: health, Prometheus metrics (loopback only unless configured) and the test page.
import type { FastifyInstance } from 'fastify';
import { BlockList, isIP } from 'node:net';
import type { Metrics } from '../metrics.ts';
import { sendError } from './errors.ts';
import { testPageHtml } from './test-page.ts';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export function isLoopback(address: string): boolean {
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  const family = isIP(ip);
  return family !== 0 && loopback.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

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
