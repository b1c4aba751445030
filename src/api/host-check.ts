// The Host allow-list (--public-url). A DNS-rebinding page points its own name at this server, so
// a victim's browser asks with that name in Host: refusing every Host but ours and loopback names
// leaves such a page only the collect endpoints, which any page may call anyway.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';

interface HostParts {
  /** Lowercased, without a trailing dot; an IPv6 address keeps its brackets. */
  name: string;
  /** '' when the Host names none. */
  port: string;
}

/** host[:port] as a Host header carries it, or null when malformed. */
export function parseHost(value: unknown): HostParts | null {
  if (typeof value !== 'string') return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  return { name: match[1]!.toLowerCase().replace(/\.$/, ''), port: match[2] ?? '' };
}

/**
 * A name only a client on this machine (or one talking to it directly) uses. A rebinding page
 * cannot make a browser send it: the browser names the page's own host, so these stay allowed.
 */
export function isLoopbackHost(host: HostParts): boolean {
  return host.name === 'localhost' || host.name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host.name);
}

/** The public URL's host, on its port (a Host without a port means the scheme's default). */
export function isPublicHost(host: HostParts, publicUrl: string): boolean {
  const url = new URL(publicUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return host.name === url.hostname && (host.port === '' || host.port === port);
}

/** A Host this server answers to: a loopback name, or the public URL's when one is set. */
export function isAllowedHost(value: unknown, publicUrl: string | null): boolean {
  const host = parseHost(value);
  return host !== null && (isLoopbackHost(host) || (publicUrl !== null && isPublicHost(host, publicUrl)));
}

/**
 * With --public-url, refuses other Host values (421) on every route but `openRoutes`: the collect
 * endpoints, tracker scripts and health check, which sites and load balancers call by other names.
 */
export function registerHostCheck(app: FastifyInstance, opts: { publicUrl: string; isOpenRoute: (route: string) => boolean }): void {
  app.addHook('onRequest', async (request) => {
    // The matched route's pattern, not the raw URL: no encoding or dot segment can pass for an open path.
    const route = request.routeOptions.url;
    if (route !== undefined && opts.isOpenRoute(route)) return;
    if (!isAllowedHost(request.headers.host, opts.publicUrl)) {
      throw new ApiError('host_not_allowed', `This server answers as ${opts.publicUrl} (--public-url); use that address.`);
    }
  });
}
