// Operational routes: health, Prometheus metrics (loopback only unless configured; on their own
// port with --metrics-port) and the test page.
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';
import { fromSessionCookie, type AuthContext } from '../auth/principal.ts';
import { sendError } from '../errors.ts';
import { METRICS_CONTENT_TYPE, metricsRefusal, type MetricsAccess } from './metrics-endpoint.ts';
import { testPageHtml } from './test-page.ts';

export interface OpsDeps {
  metrics: Metrics;
  access: MetricsAccess;
  /** --metrics-port: then /metrics is not served here at all. */
  metricsOnOwnPort: boolean;
  auth: AuthContext;
}

export async function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  if (!deps.metricsOnOwnPort) {
    app.get('/metrics', async (request, reply) => {
      const refusal = metricsRefusal(request.socket.remoteAddress ?? '', request.headers, deps.access);
      if (refusal !== null) return sendError(reply, 403, 'forbidden', refusal);
      return reply.type(METRICS_CONTENT_TYPE).send(deps.metrics.render());
    });
  }

  app.get('/', async (request, reply) => {
    const signedIn = (await fromSessionCookie(request, deps.auth)).kind === 'user';
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(testPageHtml({ signedIn }));
  });
}
