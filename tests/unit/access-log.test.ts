import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPage, parseCaddyLine, parseCombinedLine } from '../../src/transfer/access-log.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const line = (request: string, status = 200, time = '10/Oct/2023:13:55:36 -0700', referer = '-', ua = UA) =>
  `203.0.113.7 - frank [${time}] "${request}" ${status} 2326 "${referer}" "${ua}"`;

test('a combined line becomes a pageview at the line\'s own time', () => {
  const hit = parseCombinedLine(line('GET /docs?utm_source=x HTTP/1.1', 200, '10/Oct/2023:13:55:36 -0700', 'https://duckduckgo.com/'), 'site.example');
  assert.ok(!('skip' in hit));
  assert.equal(hit.facts.receivedAt, Date.UTC(2023, 9, 10, 20, 55, 36));
  assert.deepEqual([hit.facts.ip, hit.facts.userAgent, hit.wire.url, hit.wire.referrer, hit.wire.domain, hit.wire.name], ['203.0.113.7', UA, 'https://site.example/docs?utm_source=x', 'https://duckduckgo.com/', 'site.example', 'pageview']);
});

const skipped: Array<[string, string, 'malformed' | 'not_a_page']> = [
  ['garbage', 'hello world', 'malformed'],
  ['a bad time', line('GET / HTTP/1.1', 200, '99/Foo/2023:13:55:36 -0700'), 'malformed'],
  ['a request with no target', line('-', 400), 'malformed'],
  ['a POST', line('POST /api/event HTTP/1.1', 202), 'not_a_page'],
  ['a 404', line('GET /nope HTTP/1.1', 404), 'not_a_page'],
  ['a redirect', line('GET /old HTTP/1.1', 301), 'not_a_page'],
  ['an asset', line('GET /app.9f3c.js HTTP/1.1'), 'not_a_page'],
  ['an image with a query', line('GET /logo.png?v=2 HTTP/1.1'), 'not_a_page'],
];
for (const [name, text, reason] of skipped) {
  test(`combined: ${name} is skipped as ${reason}`, () => assert.deepEqual(parseCombinedLine(text, 'site.example'), { skip: reason }));
}

test('combined: escaped quotes (nginx \\x22, Apache \\") and a missing UA', () => {
  const nginx = parseCombinedLine(line('GET /a\\x22b HTTP/1.1', 200, undefined, '-', 'Agent \\x22Q\\x22'), 's.example');
  const apache = parseCombinedLine(line('GET /a HTTP/1.1', 200, undefined, '-', 'Agent \\"Q\\"'), 's.example');
  const none = parseCombinedLine(line('GET /a HTTP/1.1', 304, undefined, '-', '-'), 's.example');
  assert.ok(!('skip' in nginx) && !('skip' in apache) && !('skip' in none));
  assert.equal(nginx.wire.url, 'https://s.example/a"b');
  assert.equal(nginx.facts.userAgent, 'Agent "Q"');
  assert.equal(apache.facts.userAgent, 'Agent "Q"');
  assert.equal(none.facts.userAgent, '', '304 counts: the page was shown from cache');
});

test('caddy: client_ip wins, host names the site, ts in seconds, headers as arrays', () => {
  const entry = { ts: 1717243200.5, status: 200, request: { remote_ip: '10.0.0.2', client_ip: '203.0.113.8', method: 'GET', host: 'WWW.Site.Example:8443', uri: '/x', headers: { 'User-Agent': [UA], Referer: ['https://t.co/a'] } } };
  const hit = parseCaddyLine(JSON.stringify(entry), null);
  assert.ok(!('skip' in hit));
  assert.deepEqual([hit.facts.ip, hit.facts.receivedAt, hit.wire.domain, hit.wire.url, hit.wire.referrer], ['203.0.113.8', 1717243200500, 'site.example', 'https://site.example/x', 'https://t.co/a']);
  assert.deepEqual(parseCaddyLine('{"msg":"not an access log"}', null), { skip: 'malformed' });
  assert.deepEqual(parseCaddyLine('{', null), { skip: 'malformed' });
});

test('isPage: pages have no extension or a page extension; known non-page paths are out', () => {
  for (const page of ['/', '/pricing', '/blog/post.html', '/index.php?id=1', '/v1.2/docs/']) assert.equal(isPage(page), true, page);
  for (const asset of ['/a.css', '/fonts/x.woff2', '/robots.txt', '/favicon.ico', '/api/event', '/pixel.gif', '/.well-known/x', '/_next/data/x']) assert.equal(isPage(asset), false, asset);
});
