// fast-check generators of hostile requests to the collect endpoints: wrong types, huge strings, deep
// nesting, prototype keys, invalid UTF-8 and percent-encoding, giant headers, odd methods and content types.
import fc from 'fast-check';
import { USER_AGENTS } from './traffic.ts';

export interface RequestSpec {
  method: string;
  /** The request target, as latin1 (one char per byte on the wire). */
  target: string;
  headers: Array<[string, string]>;
  body: Buffer | null;
  /** Needs a raw socket: bytes node's http client refuses to send. */
  raw: boolean;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf'];
const FIELD_KEYS = ['n', 'name', 'u', 'url', 'd', 'domain', 'r', 'referrer', 'p', 'props', 'm', 'meta', '$', 'revenue', 'i', 'interactive', 'h', 'hashMode', 'sd', 'e', 't', 's'];
const PIXEL_KEYS = ['path', 'title', 'referrer', 'resolution', 'd', 'u'];
const PATHS = ['/pixel.gif', '/api/event', '/api/send', '/pixel.gif/', '/api/event/', '/api//event', '/PIXEL.GIF', '/pixel.gif;x', '/%2e%2e/pixel.gif', '/api/event%00'];
const CONTENT_TYPES = ['text/plain', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain;charset=latin1',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=----x', 'application/octet-stream', '', '*/*', ';;;', 'text/plain; ' + 'a=b;'.repeat(200)];
const WEIRD_PERCENT = ['%', '%Z', '%ZZ', '%E0%A4%A', '%C0%80', '%FF%FE', '%ED%A0%80', '%00', '%25', '%u0041', '%F0%9F%98%80', '%2F%2E%2E'];

/** Text of every kind: unicode (lone surrogates too), control chars, big and huge strings, look-alike values. */
export const text = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS, 'https://example.com/a?utm_source=x', 'javascript:alert(1)', 'https://[::1]:99999/', 'example.com', 'EXAMPLE.com.', '1920x1080', '0x0', '-1,-1', '99999999999x1', 'NaN', '1e309', '\ud800', '\u0000', '../../etc/passwd', 'https://www.google.com/search?q=x', 'http://semalt.com/') },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

const json = (): fc.Arbitrary<unknown> => fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    text(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt().map(String),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(text(), fc.constantFrom(...PROTO_KEYS, ...FIELD_KEYS)), tie('value'), { maxKeys: 6 })),
})).value;

/** An event body: mostly an object with our field names holding any type, sometimes not JSON at all. */
const eventBody = (): fc.Arbitrary<Buffer> => fc.oneof(
  { weight: 6, arbitrary: fc.record({
    n: fc.oneof(fc.constantFrom('pageview', 'engagement', 'Signup'), json()), u: fc.oneof(fc.constant('https://fuzz.example/p'), json()),
    d: fc.oneof(fc.constant('fuzz.example'), json()), extra: fc.dictionary(fc.constantFrom(...FIELD_KEYS, ...PROTO_KEYS), json(), { maxKeys: 8 }),
  }).map(({ n, u, d, extra }) => Buffer.from(JSON.stringify({ ...extra, n, u, d }))) },
  { weight: 2, arbitrary: json().map((v) => Buffer.from(JSON.stringify(v) ?? 'undefined')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5_000 }).map((depth) => Buffer.from('['.repeat(depth) + ']'.repeat(depth))) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((depth) => Buffer.from('{"p":'.repeat(depth) + '1' + '}'.repeat(depth))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: text().map((t) => Buffer.from(t)) },
);

/** A query string of known and odd keys, encoded properly or not at all. */
const query = (): fc.Arbitrary<string> => fc.array(
  fc.tuple(fc.oneof(fc.constantFrom(...PIXEL_KEYS, ...PROTO_KEYS, 'path[]', 'd[0]'), text()), text(), fc.constantFrom('encoded', 'raw', 'weird'), fc.constantFrom(...WEIRD_PERCENT)),
  { maxLength: 8 },
).map((pairs) => pairs.map(([k, v, how, weird]) => {
  if (how === 'encoded') return `${percentEncode(k)}=${percentEncode(v)}`;
  if (how === 'weird') return `${percentEncode(k)}=${weird}${percentEncode(v.slice(0, 20))}`;
  return `${rawQueryPart(k)}=${rawQueryPart(v)}`;
}).join('&'));

const headerValue = (): fc.Arbitrary<string> => fc.oneof(text().map((t) => latin1(t).replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?')), fc.constantFrom('203.0.113.9, 10.0.0.1', 'unknown', '::1', '[2001:db8::1]:443', 'for="_gazonk"', 'for=192.0.2.60;proto=http;by=203.0.113.43', ', , ,', '1.2.3.4'.repeat(500)));

const headers = (): fc.Arbitrary<Array<[string, string]>> => fc.tuple(
  fc.option(fc.oneof(fc.constantFrom('Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Googlebot/2.1', ''), headerValue()), { nil: undefined }),
  fc.option(headerValue(), { nil: undefined }), fc.option(headerValue(), { nil: undefined }), fc.option(headerValue(), { nil: undefined }),
  fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
  fc.array(fc.tuple(fc.constantFrom('x-a', 'cookie', 'origin', 'accept', 'x-real-ip', 'accept-language', 'if-none-match'), headerValue()), { maxLength: 4 }),
).map(([ua, referer, xff, forwarded, type, extra]) => {
  const list: Array<[string, string]> = [];
  if (ua !== undefined) list.push(['user-agent', ua]);
  if (referer !== undefined) list.push(['referer', referer]);
  if (xff !== undefined) list.push(['x-forwarded-for', xff]);
  if (forwarded !== undefined) list.push(['forwarded', forwarded]);
  if (type !== undefined) list.push(['content-type', type]);
  return [...list, ...extra];
});

/** Requests node's client would refuse to send: invalid UTF-8 bytes, control chars, giant headers, bad framing. */
const rawRequest = (): fc.Arbitrary<RequestSpec> => fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map((b) => spec('GET', `/pixel.gif?path=${Buffer.from(b).toString('latin1').replace(/[\r\n ]/g, '_')}`, [['user-agent', 'x']], null)),
  fc.uint8Array({ minLength: 1, maxLength: 60 }).map((b) => spec('GET', '/pixel.gif', [['user-agent', Buffer.from(b).toString('latin1').replace(/[\r\n]/g, '_')]], null)),
  fc.integer({ min: 10_000, max: 40_000 }).map((n) => spec('GET', '/pixel.gif', [['x-big', 'a'.repeat(n)]], null)),
  fc.integer({ min: 100, max: 600 }).map((n) => spec('GET', '/pixel.gif', Array.from({ length: n }, (_, i) => [`x-h${i}`, 'b'.repeat(40)] as [string, string]), null)),
  fc.constantFrom('-1', 'abc', '99999999999', '1, 2').map((length) => spec('POST', '/api/event', [['content-length', length], ['content-type', 'text/plain']], Buffer.from('{"n":"x"}'))),
  fc.constant(spec('POST', '/api/event', [['transfer-encoding', 'chunked'], ['content-type', 'text/plain']], Buffer.from('5\r\n{"n":\r\nZZ\r\n'))),
  fc.constant(spec('GET', '/pixel.gif\u0000', [], null)),
  fc.constant(spec('GET', '/pixel.gif HTTP/1.1\r\nX-Injected: 1', [], null)),
);

/** Headers of a real browser behind our proxy, so near-valid hits get deep into the pipeline. */
const browserHeaders = (): fc.Arbitrary<Array<[string, string]>> => fc.tuple(fc.constantFrom(...USER_AGENTS), fc.oneof(fc.ipV4(), fc.ipV6()), fc.constantFrom('text/plain', 'application/json'))
  .map(([ua, ip, type]) => [['user-agent', ua], ['x-forwarded-for', ip], ['content-type', type]]);

/** The original snippet's pixel with some parameters replaced by anything at all. */
const nearValidPixel = (): fc.Arbitrary<RequestSpec> => fc.record({
  d: fc.oneof({ weight: 4, arbitrary: fc.constant('fuzz.example') }, text()), path: fc.oneof(fc.constant('/p'), text()), title: fc.option(text()),
  referrer: fc.option(fc.oneof(fc.webUrl(), text())), resolution: fc.option(fc.oneof(fc.constant('1920,1080'), text())), u: fc.option(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text())),
}, { requiredKeys: ['d', 'path'] }).chain((params) => browserHeaders().map((h) => {
  const q = Object.entries(params).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${percentEncode(String(v))}`).join('&');
  return spec('GET', `/pixel.gif?${q}`, h, null);
}));

/** A Plausible-style event for our site, with extra fields of any type. */
const nearValidEvent = (): fc.Arbitrary<RequestSpec> => fc.tuple(
  fc.constantFrom('pageview', 'pageview', 'engagement', 'Signup', ' Purchase '), fc.oneof(fc.webUrl({ withQueryParameters: true }).map((u) => u.replace(/^(https?:\/\/)[^/?#]*/, '$1fuzz.example')), text()),
  fc.dictionary(fc.constantFrom(...FIELD_KEYS.filter((k) => !['n', 'name', 'd', 'domain'].includes(k)), ...PROTO_KEYS), json(), { maxKeys: 6 }), browserHeaders(),
).map(([n, u, extra, h]) => spec('POST', '/api/event', h, Buffer.from(JSON.stringify({ ...extra, n, u, d: 'fuzz.example' }))));

export const requestSpec = (): fc.Arbitrary<RequestSpec> => fc.oneof(
  { weight: 8, arbitrary: nearValidPixel() },
  { weight: 8, arbitrary: nearValidEvent() },
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom('/pixel.gif', '/pixel.gif', ...PATHS), query(), headers()).map(([path, q, h]) => spec('GET', q === '' ? path : `${path}?${q}`, h, null)) },
  { weight: 10, arbitrary: fc.tuple(fc.constantFrom('/api/event', '/api/event', '/api/send', ...PATHS), eventBody(), headers()).map(([path, body, h]) => spec('POST', path, h, body)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'PROPFIND'), fc.constantFrom(...PATHS), headers(), fc.option(eventBody(), { nil: null })).map(([m, path, h, body]) => spec(m, path, h, body)) },
  { weight: 1, arbitrary: rawRequest().map((r) => ({ ...r, raw: true })) },
);

function spec(method: string, target: string, headers: Array<[string, string]>, body: Buffer | null): RequestSpec {
  return { method, target, headers, body, raw: false };
}

/** Non-latin1 chars as their UTF-8 bytes, one char per byte: what the wire would carry. */
function latin1(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

/** Unencoded bytes (invalid UTF-8 included), with only what would break the request line escaped. */
function rawQueryPart(value: string): string {
  return latin1(value).replace(/[\x00-\x20\x7f#&=]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** encodeURIComponent that never throws (a lone surrogate becomes U+FFFD, as Buffer encodes it). */
function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
