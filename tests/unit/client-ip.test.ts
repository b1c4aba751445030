import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCidrMatcher, createClientIpResolver, ipv6Words, parseCidrList, type RequestHeaders } from '../../src/lib/client-ip.ts';

const resolve = createClientIpResolver(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', '::ffff:192.0.2.9']);

// [name, socket IP, headers, expected client IP]
const cases: Array<[string, string, RequestHeaders, string]> = [
  ['untrusted peer, no headers', '203.0.113.5', {}, '203.0.113.5'],
  ['untrusted peer: headers ignored', '203.0.113.5', { 'x-forwarded-for': '1.2.3.4' }, '203.0.113.5'],
  ['untrusted IPv4-mapped peer is unwrapped', '::ffff:203.0.113.5', {}, '203.0.113.5'],
  ['trusted peer without headers', '10.0.0.2', {}, '10.0.0.2'],
  ['trusted peer, one hop', '10.0.0.2', { 'x-forwarded-for': '1.2.3.4' }, '1.2.3.4'],
  ['trusted mapped peer', '::ffff:10.0.0.2', { 'x-forwarded-for': '1.2.3.4' }, '1.2.3.4'],
  ['spoofed left entries are skipped', '10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.7' }, '1.2.3.4'],
  ['invalid entries ignored', '10.0.0.2', { 'x-forwarded-for': '1.2.3.4, garbage, , unknown' }, '1.2.3.4'],
  ['ports and brackets stripped', '10.0.0.2', { 'x-forwarded-for': '[2001:db8::1]:443, 10.0.0.9:8080' }, '2001:db8::1'],
  ['IPv4 with port', '10.0.0.2', { 'x-forwarded-for': '1.2.3.4:5678' }, '1.2.3.4'],
  ['IPv6 peer and hop', 'fd00::1', { 'x-forwarded-for': '2001:DB8::7' }, '2001:db8::7'],
  ['all hops trusted: leftmost', '10.0.0.2', { 'x-forwarded-for': '10.1.1.1, 10.2.2.2' }, '10.1.1.1'],
  ['repeated headers as array', '10.0.0.2', { 'x-forwarded-for': ['9.9.9.9', '1.2.3.4, 10.0.0.3'] }, '1.2.3.4'],
  ['only garbage: socket peer', '10.0.0.2', { 'x-forwarded-for': 'nope' }, '10.0.0.2'],
  ['Forwarded, simple', '127.0.0.1', { forwarded: 'for=1.2.3.4;proto=https' }, '1.2.3.4'],
  ['Forwarded, quoted IPv6 with port', '127.0.0.1', { forwarded: 'for="[2001:db8:cafe::17]:4711"' }, '2001:db8:cafe::17'],
  ['Forwarded, several hops', '127.0.0.1', { forwarded: 'for=5.6.7.8, for=1.2.3.4;by=10.0.0.1, For=10.0.0.5' }, '1.2.3.4'],
  ['Forwarded, obfuscated ignored', '127.0.0.1', { forwarded: 'for=1.2.3.4, for="_hidden", for=unknown' }, '1.2.3.4'],
  ['X-Forwarded-For wins over Forwarded', '127.0.0.1', { 'x-forwarded-for': '1.1.1.1', forwarded: 'for=2.2.2.2' }, '1.1.1.1'],
  ['bare mapped entry in the trusted list', '192.0.2.9', { 'x-forwarded-for': '1.2.3.4' }, '1.2.3.4'],
  ['invalid socket IP passes through', 'weird', { 'x-forwarded-for': '1.2.3.4' }, 'weird'],
];

for (const [name, socketIp, headers, expected] of cases) {
  test(`client IP: ${name}`, () => {
    assert.equal(resolve(socketIp, headers), expected);
  });
}

test('client IP: no trusted proxies means the socket peer, always', () => {
  assert.equal(createClientIpResolver([])('10.0.0.2', { 'x-forwarded-for': '1.2.3.4' }), '10.0.0.2');
});

test('client IP: never throws on arbitrary input', () => {
  const headerValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 20 })), { maxLength: 8 }).map((parts) => parts.join(', ')),
    fc.array(fc.string({ maxLength: 50 }), { maxLength: 3 }),
  );
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('10.0.0.1'), fc.string()), headerValue, headerValue, (ip, xff, fwd) => {
      const result = resolve(ip, { 'x-forwarded-for': xff, forwarded: fwd });
      assert.equal(typeof result, 'string');
    }),
    { numRuns: 2000 },
  );
});

const listCases: Array<[string, string[]]> = [
  ['', []],
  ['10.0.0.0/8', ['10.0.0.0/8']],
  ['10.0.0.0/8, 192.168.0.1 , fd00::/8', ['10.0.0.0/8', '192.168.0.1', 'fd00::/8']],
  ['127.0.0.1\n::1\t::ffff:10.0.0.1', ['127.0.0.1', '::1', '10.0.0.1']],
  ['0.0.0.0/0,::/0', ['0.0.0.0/0', '::/0']],
];

for (const [text, expected] of listCases) {
  test(`parseCidrList(${JSON.stringify(text)})`, () => {
    assert.deepEqual(parseCidrList(text), expected);
  });
}

for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0/8', 'localhost', '1.2.3.4/x', '::g/8']) {
  test(`parseCidrList rejects ${JSON.stringify(bad)} naming it`, () => {
    assert.throws(() => parseCidrList(`127.0.0.1, ${bad}`), (error: Error) => error.message.includes(`"${bad}"`));
    assert.throws(() => createClientIpResolver([bad]), /Invalid trusted proxy/);
  });
}

const matcher = createCidrMatcher(['10.0.0.0/8', '192.168.1.7', '172.16.0.0/12', 'fd00::/8', '2001:db8::/32', '64:ff9b::/96', '::1']);

const matchCases: Array<[string, boolean]> = [
  ['10.0.0.0', true],
  ['10.255.255.255', true],
  ['11.0.0.0', false],
  ['9.255.255.255', false],
  ['192.168.1.7', true],
  ['192.168.1.8', false],
  ['172.31.255.255', true],
  ['172.32.0.0', false],
  ['::ffff:10.1.2.3', true],
  ['fd12::1', true],
  ['FD12:0:0:0:0:0:0:1', true],
  ['fe00::1', false],
  ['2001:db8:ffff::1', true],
  ['2001:db9::1', false],
  ['64:ff9b::1.2.3.4', true],
  ['::1', true],
  ['0:0:0:0:0:0:0:1', true],
  ['::2', false],
  ['fd00::1%eth0', true],
  // Zones node:net accepts but ipaddr.js would throw on, and the deprecated IPv4-compatible form.
  ['fd00::1%eth0.1', true],
  ['::0.0.0.1', true],
  ['::1.2.3.4', false],
  ['not an ip', false],
  ['', false],
];

for (const [ip, expected] of matchCases) {
  test(`createCidrMatcher: ${JSON.stringify(ip)} -> ${expected}`, () => {
    assert.equal(matcher(ip), expected);
  });
}

test('createCidrMatcher: /0 matches its whole family only', () => {
  const any4 = createCidrMatcher(['0.0.0.0/0']);
  assert.equal(any4('203.0.113.1'), true);
  assert.equal(any4('2001:db8::1'), false);
  assert.equal(createCidrMatcher(['::/0'])('2001:db8::1'), true);
  assert.equal(createCidrMatcher([])('10.0.0.1'), false);
});

const wordCases: Array<[string, number[]]> = [
  ['2001:db8::1', [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
  ['FD00:0:0:0:0:0:0:AB', [0xfd00, 0, 0, 0, 0, 0, 0, 0xab]],
  ['64:ff9b::1.2.3.4', [0x64, 0xff9b, 0, 0, 0, 0, 0x0102, 0x0304]],
  ['::1.2.3.4', [0, 0, 0, 0, 0, 0, 0x0102, 0x0304]],
  ['fe80::1%eth0.1', [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
  ['::', [0, 0, 0, 0, 0, 0, 0, 0]],
];

for (const [ip, expected] of wordCases) {
  test(`ipv6Words(${JSON.stringify(ip)})`, () => {
    assert.deepEqual(ipv6Words(ip), expected);
  });
}
