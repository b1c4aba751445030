// Who may read the Prometheus metrics, and their optional port of their own (--metrics-port).
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../metrics.ts';
import { createCidrMatcher } from '../lib/client-ip.ts';
import { errorBody, type ErrorCode } from '../errors.ts';
import { isAllowedHost } from './host-check.ts';

/** The matcher unwraps IPv4-mapped IPv6 (::ffff:127.0.0.1) as the socket may report it. */
export const isLoopback = createCidrMatcher(['127.0.0.0/8', '::1/128']);

/** Any of these says a proxy forwarded the request for someone else. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsAccess {
  /** --metrics-public: anyone may read them. */
  metricsPublic: boolean;
  publicUrl: string | null;
}

/** Why `peer` may not read the metrics, or null when it may. Judged from the socket, never from what a header claims. */
export function metricsRefusal(peer: string, headers: IncomingHttpHeaders, access: MetricsAccess): string | null {
  if (access.metricsPublic) return null;
  if (!isLoopback(peer)) return 'Metrics are served to loopback only.';
  // A reverse proxy on this host connects from loopback on behalf of anyone; its headers give it away.
  if (FORWARDING_HEADERS.some((name) => headers[name] !== undefined)) {
    return 'Metrics are not served through a proxy (a forwarding header was present): scrape the server directly, or use --metrics-port.';
  }
  // A DNS-rebinding page reaches loopback too, but its browser sends the page's own name as Host.
  if (!isAllowedHost(headers.host, access.publicUrl)) return 'Metrics are served to loopback only: ask for localhost or 127.0.0.1.';
  return null;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** --metrics-port: a plain HTTP server that answers GET /metrics (same rules) and 404 to anything else. */
export async function serveMetricsPort(opts: { host: string; port: number; metrics: Metrics; access: MetricsAccess }): Promise<MetricsServer> {
  const server = http.createServer({ maxHeaderSize: 16_384, headersTimeout: 10_000, requestTimeout: 15_000 }, (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) return answerError(response, 404, 'not_found', 'Not found.');
    const refusal = metricsRefusal(request.socket.remoteAddress ?? '', request.headers, opts.access);
    if (refusal !== null) return answerError(response, 403, 'forbidden', refusal);
    response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : opts.metrics.render());
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function answerError(response: ServerResponse, status: number, code: ErrorCode, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(errorBody(code, message)));
}
