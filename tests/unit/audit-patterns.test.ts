import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPersonalData } from '../../src/maintenance/audit-patterns.ts';
import { USER_AGENTS } from '../helpers/traffic.ts';

const flagged: Array<[string, string, string]> = [
  ['an IPv4 address in JSON', '{"ip":"203.0.113.77"}', 'ipv4'],
  ['an IPv4 address between binary bytes', '\u0000\u0007198.51.100.4\u0000', 'ipv4'],
  ['a compressed IPv6 address', 'for=2001:db8::7777;', 'ipv6'],
  ['a full IPv6 address', ' 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ', 'ipv6'],
  ['a mapped IPv6 address', '::ffff:81.2.69.142', 'ipv4'],
  ['a browser user agent', USER_AGENTS[0]!, 'user-agent'],
  ['a bot user agent', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'user-agent'],
  ['a product token with details', 'CanaryBrowser/9.9.9 (X11; Linux x86_64)', 'user-agent'],
  ['an engine token', 'AppleWebKit/537.36', 'user-agent'],
];
for (const [name, text, kind] of flagged) {
  test(`flags ${name}`, () => assert.ok(findPersonalData(text).some((m) => m.kind === kind), JSON.stringify(findPersonalData(text))));
}

const clean: Array<[string, string]> = [
  ['a browser version', 'Chrome 124.0.0.0'],
  ['a dotted version with five parts', 'v1.2.3.4.5'],
  ['a semver', 'DuckDB v1.5.6 (Linux x86_64)'],
  ['a time of day', '12:34:56 and 2026-06-15T12:00:00.000Z'],
  ['a C++ scope', 'std::string duckdb::Value'],
  ['loopback and unspecified addresses', '127.0.0.1 0.0.0.0 ::1'],
  ['stored event fields', '["1","1718020800000","example.com","pageview","123","456","example.com","/pricing",null,"news.ycombinator.com/item","Hacker News","Organic Social",null,null,null,null,null,"DE",null,null,"Chrome","124","Windows","10","desktop",1920,1080,null,null,null,null]'],
  ['a MAC address', 'aa:bb:cc:dd:ee:ff'],
  ['a number with a letter after it', '10.1.2.3a'],
];
for (const [name, text] of clean) {
  test(`does not flag ${name}`, () => assert.deepEqual(findPersonalData(text), []));
}

test('findings are masked: the audit never prints the whole value', () => {
  const [ip, ua] = [findPersonalData('x 203.0.113.77 y')[0]!, findPersonalData(USER_AGENTS[1]!)[0]!];
  assert.equal(ip.masked, '203.0.x.x');
  assert.ok(!ua.masked.includes('Macintosh'));
});
