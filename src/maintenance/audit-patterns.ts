// What personal data looks like to the privacy audit: IPv4 and IPv6 addresses, full user-agent
// strings and e-mail addresses. Tuned to find a single leaked value in binary files without
// flagging clean data.
import { isIP } from 'node:net';

export type FindingKind = 'ipv4' | 'ipv6' | 'user-agent' | 'email';

export interface Match {
  kind: FindingKind;
  /** Offset in the scanned text. */
  index: number;
  /** Enough to find it, never the whole value: the audit's own output must not leak. */
  masked: string;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not part of a longer number, version or word ("1.2.3.4.5", "v1.2.3.4a").
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w.]|\\.\\d)`, 'g');
const HEX = '[0-9a-fA-F]{1,4}';
const IPV6 = new RegExp(`(?<![\\w:.])(?:(?:${HEX}:){7}${HEX}|(?:${HEX}:){1,6}:(?:${HEX}:){0,5}${HEX})(?![\\w:])`, 'g');
const USER_AGENTS = [
  /Mozilla\/\d\.\d \([^()\n]{3,300}\)/g,
  /\b(?:AppleWebKit|Gecko|Chrome|Firefox|Safari|Edg|OPR)\/\d+(?:\.\d+){1,3}/g,
  // Any product token with a parenthesised comment of ;-separated details: "Foo/1.2 (X11; Linux)".
  /\b[A-Za-z][\w.-]{1,40}\/\d+(?:\.\d+)* \([^()\n]{0,200};[^()\n]{0,200}\)/g,
];

/**
 * A look-behind anchors each try at the start of a run of local-part characters (linear on long
 * runs); the top-level domain is letters, so "x@1.2" or "a@b.c9" in binary data is not flagged.
 */
const EMAIL = /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])/g;

/** `accounts`: the instance's own users' addresses (lowercase), which are the operator's, not visitors'. */
export function findPersonalData(text: string, accounts: ReadonlySet<string> = NO_ACCOUNTS): Match[] {
  const matches: Match[] = [];
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) if (!accounts.has(m[0].toLowerCase())) matches.push({ kind: 'email', index: m.index, masked: maskEmail(m[0]) });
  }
  for (const m of text.matchAll(IPV4)) if (isPersonalIpv4(m[0])) matches.push({ kind: 'ipv4', index: m.index, masked: m[0].split('.').slice(0, 2).join('.') + '.x.x' });
  for (const m of text.matchAll(IPV6)) if (isPersonalIpv6(m[0])) matches.push({ kind: 'ipv6', index: m.index, masked: `${m[0].split(':')[0]}:…` });
  for (const pattern of USER_AGENTS) {
    for (const m of text.matchAll(pattern)) matches.push({ kind: 'user-agent', index: m.index, masked: `${m[0].slice(0, 14)}…` });
  }
  return matches;
}

const NO_ACCOUNTS: ReadonlySet<string> = new Set();

/** "jane.doe@example.com" -> "j…@e…" */
function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return `${email.slice(0, 1)}…@${email.slice(at + 1, at + 2)}…`;
}

/**
 * Addresses that identify no one are left out: unspecified, loopback and broadcast, and the
 * x.0.0.0 shape of four-part version numbers ("124.0.0.0").
 */
function isPersonalIpv4(ip: string): boolean {
  if (isIP(ip) !== 4) return false;
  return !/^(?:0\.|127\.|255\.255\.255\.255$)/.test(ip) && !ip.endsWith('.0.0.0');
}

/** Three or more groups: "ab::cd" in binary data is noise; "2001:db8::1" or a full address is not. */
function isPersonalIpv6(ip: string): boolean {
  if (isIP(ip) !== 6) return false;
  const groups = ip.split(':').filter((g) => g !== '');
  return groups.length >= 3 && !/^0+$/.test(groups.join(''));
}
