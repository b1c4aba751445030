import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openGeo, type GeoResult } from '../../src/ingest/enrich/geo.ts';

const geo = openGeo({ file: null });
const none: GeoResult = { country: null, region: null, city: null };
const at = (country: string): GeoResult => ({ country, region: null, city: null });

// Countries as the bundled ip-location-db (iptoasn) data has them; it holds no region or city.
const cases: Array<[string, GeoResult]> = [
  ['8.8.8.8', at('US')],
  ['1.1.1.1', at('US')],
  ['81.2.69.142', at('GB')],
  ['133.242.0.3', at('JP')],
  ['194.25.2.129', at('DE')],
  ['200.160.2.3', at('BR')],
  ['2001:4860:4860::8888', at('US')],
  ['::ffff:8.8.8.8', at('US')],
  ['10.1.2.3', none],
  ['172.16.5.4', none],
  ['192.168.1.1', none],
  ['127.0.0.1', none],
  ['169.254.1.1', none],
  ['100.64.0.1', none],
  ['0.0.0.0', none],
  ['::', none],
  ['::1', none],
  ['fe80::1', none],
  ['fd12:3456::1', none],
  ['fe80::1%eth0', none],
  ['224.0.0.1', none],
  ['255.255.255.255', none],
  ['::ffff:192.168.0.1', none],
  ['', none],
  ['not-an-ip', none],
  ['999.1.1.1', none],
  ['1.2.3.4.5', none],
];

for (const [ip, expected] of cases) {
  test(`geo.lookup(${JSON.stringify(ip)})`, () => {
    assert.deepEqual(geo.lookup(ip), expected);
  });
}

test('geo.lookup: TEST-NET canary does not throw', () => {
  const result = geo.lookup('203.0.113.77');
  assert.ok(result.country === null || /^[A-Z]{2}$/.test(result.country));
});

test('openGeo: a missing user database names the file', () => {
  const file = '/nonexistent/GeoLite2-City.mmdb';
  assert.throws(() => openGeo({ file }), (error: Error) => error.message.includes(file) && /not found/.test(error.message));
});

test('openGeo: a file that is not an MMDB names the file', () => {
  const file = new URL(import.meta.url).pathname;
  assert.throws(() => openGeo({ file }), (error: Error) => error.message.includes(file));
});
