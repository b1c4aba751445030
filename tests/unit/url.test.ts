import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_URL_LENGTH, parsePageUrl, type PageUrl } from '../../src/ingest/enrich/url.ts';

const long = 'a'.repeat(5000);

const cases: Array<[string, boolean, PageUrl | null]> = [
  ['https://example.com/', false, { hostname: 'example.com', pathname: '/', query: {} }],
  ['https://example.com', false, { hostname: 'example.com', pathname: '/', query: {} }],
  ['http://WWW.Example.COM/Blog/', false, { hostname: 'example.com', pathname: '/Blog/', query: {} }],
  ['https://www.example.com./a', false, { hostname: 'example.com', pathname: '/a', query: {} }],
  ['https://blog.example.com/a/b', false, { hostname: 'blog.example.com', pathname: '/a/b', query: {} }],
  ['https://example.com/caf%C3%A9', false, { hostname: 'example.com', pathname: '/café', query: {} }],
  ['https://example.com/a b', false, { hostname: 'example.com', pathname: '/a b', query: {} }],
  ['https://example.com/a%2Fb', false, { hostname: 'example.com', pathname: '/a%2Fb', query: {} }],
  ['https://example.com/100%', false, { hostname: 'example.com', pathname: '/100%', query: {} }],
  ['https://example.com/%E0%A4%A/x/caf%C3%A9', false, { hostname: 'example.com', pathname: '/%E0%A4%A/x/café', query: {} }],
  ['https://example.com/%FF/ok', false, { hostname: 'example.com', pathname: '/%FF/ok', query: {} }],
  ['https://example.com/#/about', false, { hostname: 'example.com', pathname: '/', query: {} }],
  ['https://example.com/#/about', true, { hostname: 'example.com', pathname: '/#/about', query: {} }],
  ['https://example.com/app#', true, { hostname: 'example.com', pathname: '/app', query: {} }],
  ['https://example.com/?utm_source=News%20Letter&utm_medium=email&token=secret&email=a@b.c', false,
    { hostname: 'example.com', pathname: '/', query: { utm_source: 'News Letter', utm_medium: 'email' } }],
  ['https://example.com/p?ref=producthunt&source=hn&utm_campaign=+spring+&utm_content=&utm_term=x', false,
    { hostname: 'example.com', pathname: '/p', query: { ref: 'producthunt', source: 'hn', utm_campaign: 'spring', utm_term: 'x' } }],
  ['https://example.com/?utm_source=a&utm_source=b', false, { hostname: 'example.com', pathname: '/', query: { utm_source: 'a' } }],
  ['https://example.com/?UTM_SOURCE=a&__proto__=x', false, { hostname: 'example.com', pathname: '/', query: {} }],
  [`https://example.com/?utm_term=${long}`, false, { hostname: 'example.com', pathname: '/', query: { utm_term: 'a'.repeat(300) } }],
  [`https://example.com/${long}`, false, { hostname: 'example.com', pathname: `/${'a'.repeat(MAX_URL_LENGTH - 1)}`, query: {} }],
  ['https://xn--bcher-kva.example/', false, { hostname: 'xn--bcher-kva.example', pathname: '/', query: {} }],
  ['https://bücher.example/', false, { hostname: 'xn--bcher-kva.example', pathname: '/', query: {} }],
  ['https://[2001:db8::1]:8080/x', false, { hostname: '[2001:db8::1]', pathname: '/x', query: {} }],
  ['ftp://example.com/file', false, null],
  ['javascript:alert(1)', false, null],
  ['/relative/path', false, null],
  ['', false, null],
  ['not a url', false, null],
];

for (const [raw, hashMode, expected] of cases) {
  test(`parsePageUrl(${JSON.stringify(raw.slice(0, 80))}, ${hashMode})`, () => {
    assert.deepEqual(parsePageUrl(raw, hashMode), expected);
  });
}

test('parsePageUrl: any string never throws and pathname stays capped', () => {
  const anyUrl = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 3000 }),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.tuple(fc.constantFrom('https://example.com/', 'http://x.y/#'), fc.string({ unit: 'binary', maxLength: 4000 }))
      .map(([base, rest]) => base + rest),
  );
  fc.assert(
    fc.property(anyUrl, fc.boolean(), (raw, hashMode) => {
      const page = parsePageUrl(raw, hashMode);
      if (page !== null) {
        assert.ok(page.pathname.length >= 1 && page.pathname.length <= MAX_URL_LENGTH);
        for (const value of Object.values(page.query)) assert.ok(value.length <= 300 && value !== '');
      }
    }),
    { numRuns: 2000 },
  );
});
