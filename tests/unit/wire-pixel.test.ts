import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePixelQuery } from '../../src/ingest/wire/pixel.ts';
import type { WireEvent } from '../../src/ingest/types.ts';

type Query = Record<string, string | string[] | undefined>;

/** What the pixel yields when nothing at all was sent. */
const empty: WireEvent = {
  name: 'pageview', url: null, path: null, domain: null, referrer: null, title: null, screen: null,
  props: null, revenue: null, interactive: true, hashMode: false, scrollDepth: null, engagedMs: null,
};
const wire = (patch: Partial<WireEvent>): WireEvent => ({ ...empty, ...patch });

const cases: Array<{ name: string; query: Query; expected: WireEvent }> = [
  { name: 'missing everything', query: {}, expected: empty },
  {
    name: 'original snippet params: path, title, referrer, resolution',
    query: { path: '/blog/post', title: 'My Post', referrer: 'https://news.ycombinator.com/', resolution: '1920x1080' },
    expected: wire({ path: '/blog/post', title: 'My Post', referrer: 'https://news.ycombinator.com/', screen: '1920x1080' }),
  },
  { name: 'd is the domain, u the full url', query: { d: 'example.com', u: 'https://example.com/a?b=c' },
    expected: wire({ domain: 'example.com', url: 'https://example.com/a?b=c' }) },
  { name: 'short aliases r, t, s', query: { r: 'https://t.co/x', t: 'Home', s: '390,844' },
    expected: wire({ referrer: 'https://t.co/x', title: 'Home', screen: '390,844' }) },
  { name: 'long names win over short aliases', query: { referrer: 'https://a.example/', r: 'https://b.example/', title: 'Long', t: 'Short', resolution: '1x1', s: '2x2' },
    expected: wire({ referrer: 'https://a.example/', title: 'Long', screen: '1x1' }) },
  { name: 'repeated params take the first value', query: { path: ['/first', '/second'], d: ['a.example', 'b.example'], title: ['T1', 'T2'] },
    expected: wire({ path: '/first', domain: 'a.example', title: 'T1' }) },
  { name: 'an empty repeated param is missing', query: { path: [], d: ['', 'b.example'] }, expected: empty },
  { name: 'empty strings are missing', query: { u: '', path: '', d: '', referrer: '', title: '', resolution: '' }, expected: empty },
  { name: 'explicit undefined is missing', query: { u: undefined, d: undefined }, expected: empty },
  { name: 'unknown params are ignored', query: { n: 'signup', p: '{"a":"b"}', $: '10', e: '5000', sd: '50', h: '1', i: '0' }, expected: empty },
  {
    name: 'huge values get cut',
    query: { u: 'u'.repeat(9000), path: 'p'.repeat(9000), d: 'd'.repeat(9000), referrer: 'r'.repeat(9000), title: 't'.repeat(9000), resolution: 's'.repeat(9000) },
    expected: wire({ url: 'u'.repeat(4000), path: 'p'.repeat(4000), domain: 'd'.repeat(300), referrer: 'r'.repeat(4000), title: 't'.repeat(2000), screen: 's'.repeat(40) }),
  },
  { name: 'values at the bound are kept whole', query: { d: 'd'.repeat(300), resolution: 's'.repeat(40) },
    expected: wire({ domain: 'd'.repeat(300), screen: 's'.repeat(40) }) },
];

for (const c of cases) {
  test(`parsePixelQuery: ${c.name}`, () => {
    assert.deepEqual(parsePixelQuery(c.query), c.expected);
  });
}

test('parsePixelQuery: any query never throws, always a pageview, every text within its bound', () => {
  const value = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 5000 }), fc.array(fc.string({ maxLength: 50 }), { maxLength: 3 }));
  const keys = fc.constantFrom('u', 'd', 'path', 'referrer', 'r', 'title', 't', 'resolution', 's', 'n', '__proto__', 'constructor');
  fc.assert(
    fc.property(fc.dictionary(keys, value), (query) => {
      const w = parsePixelQuery(query);
      assert.equal(w.name, 'pageview');
      assert.equal(w.interactive, true);
      for (const [field, max] of [['url', 4000], ['path', 4000], ['domain', 300], ['referrer', 4000], ['title', 2000], ['screen', 40]] as const) {
        const text = w[field];
        assert.ok(text === null || text === undefined || (text !== '' && text.length <= max), `${field} out of bounds`);
      }
    }),
  );
});
