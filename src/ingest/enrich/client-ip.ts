// The visitor's IP: the socket peer, or the proxy headers' client when that peer is a trusted proxy.
import { BlockList, isIP } from 'node:net';

export type RequestHeaders = Record<string, string | string[] | undefined>;
export type ClientIpResolver = (socketIp: string, headers: RequestHeaders) => string;

export function createClientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const { address, prefix, family } = parseEntry(entry);
    trusted.addSubnet(address, prefix, family);
  }
  const isTrusted = (ip: string): boolean => {
    try {
      return trusted.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
    } catch {
      return false; // e.g. an IPv6 zone id BlockList rejects: not one of ours
    }
  };
  return (socketIp, headers) => {
    const peer = normalizeIp(socketIp);
    if (peer === null) return typeof socketIp === 'string' ? socketIp : '';
    // Headers from anyone but our own proxies are client-controlled: trusting them would let
    // a visitor pick any IP (and so any country, or dodge exclusions and rate limits).
    if (trustedProxies.length === 0 || !isTrusted(peer)) return peer;
    return (
      walkBack(listOf(headers['x-forwarded-for']), isTrusted) ??
      walkBack(forwardedFor(listOf(headers['forwarded'])), isTrusted) ??
      peer
    );
  };
}

/**
 * Validates a comma/whitespace separated list of IPs and CIDR ranges, throwing on the
 * first bad entry. Returns the entries normalised ("::ffff:10.0.0.1" -> "10.0.0.1").
 */
export function parseCidrList(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '').map((entry) => {
    const { address, prefix, family } = parseEntry(entry);
    return entry.includes('/') ? `${address}/${prefix}` : address;
  });
}

function parseEntry(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const trimmed = entry.trim();
  const slash = trimmed.indexOf('/');
  const address = normalizeIp(slash === -1 ? trimmed : trimmed.slice(0, slash));
  const family = address === null ? null : isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = slash === -1 ? max : /^\d{1,3}$/.test(trimmed.slice(slash + 1)) ? Number(trimmed.slice(slash + 1)) : -1;
  if (address === null || family === null || prefix < 0 || prefix > max) {
    throw new Error(`Invalid trusted proxy "${entry}": expected an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8`);
  }
  return { address, prefix, family };
}

/** Right to left: skip our own proxies; the first other hop is the client. */
function walkBack(entries: readonly string[], isTrusted: (ip: string) => boolean): string | null {
  let leftmost: string | null = null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const ip = normalizeIp(stripPort(entries[i] ?? ''));
    if (ip === null) continue;
    if (!isTrusted(ip)) return ip;
    leftmost = ip;
  }
  // Every hop is one of ours: the request started inside our own network.
  return leftmost;
}

function listOf(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (typeof header === 'string' ? header : header.join(',')).split(',');
}

/** RFC 7239: `for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"` -> the `for` values. */
function forwardedFor(elements: readonly string[]): string[] {
  const values: string[] = [];
  for (const element of elements) {
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq !== -1 && pair.slice(0, eq).trim().toLowerCase() === 'for') values.push(pair.slice(eq + 1));
    }
  }
  return values;
}

/** Drops quotes, IPv6 brackets and ports: `"[::1]:80"` -> `::1`, `1.2.3.4:80` -> `1.2.3.4`. */
function stripPort(value: string): string {
  let v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).trim();
  if (v.startsWith('[')) {
    const end = v.indexOf(']');
    return end === -1 ? '' : v.slice(1, end);
  }
  const colon = v.indexOf(':');
  // Exactly one colon is IPv4 with a port; more is a bare IPv6 address.
  return colon !== -1 && colon === v.lastIndexOf(':') ? v.slice(0, colon) : v;
}

/** A valid IP in canonical-enough form (IPv4-mapped IPv6 unwrapped), or null. */
function normalizeIp(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const v = raw.trim();
  if (v.length > 7 && v.slice(0, 7).toLowerCase() === '::ffff:' && isIP(v.slice(7)) === 4) return v.slice(7);
  const family = isIP(v);
  if (family === 0) return null;
  return family === 6 ? v.toLowerCase() : v;
}
