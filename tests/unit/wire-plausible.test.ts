import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEventBody, type ParsedBody } from '../../src/ingest/wire/plausible.ts';
import type { WireEvent } from '../../src/ingest/types.ts';

const base: WireEvent = {
  name: 'pageview', url: null, domain: null, referrer: null, title: null, screen: null,
  props: null, revenue: null, interactive: true, hashMode: false, scrollDepth: null, engagedMs: null,
};
const ok = (patch: Partial<WireEvent>): ParsedBody => ({ ok: true, wire: { ...base, ...patch } });
const notObject: ParsedBody = { ok: false, reason: 'body is not a JSON object' };
const noName: ParsedBody = { ok: false, reason: 'missing event name' };

/** Props are a null-prototype object; compare them as plain data. */
function plain(parsed: ParsedBody): ParsedBody {
  if (!parsed.ok || parsed.wire.props === null) return parsed;
  return { ok: true, wire: { ...parsed.wire, props: { ...parsed.wire.props } } };
}

const cases: Array<{ name: string; body: unknown; expected: ParsedBody }> = [
  { name: 'array body', body: [{ n: 'pageview' }], expected: notObject },
  { name: 'null body', body: null, expected: notObject },
  { name: 'number body', body: 42, expected: notObject },
  { name: 'string body', body: '{"n":"pageview"}', expected: notObject },
  { name: 'boolean body', body: true, expected: notObject },
  { name: 'undefined body', body: undefined, expected: notObject },
  { name: 'empty object', body: {}, expected: noName },
  { name: 'empty name', body: { n: '' }, expected: noName },
  { name: 'object name', body: { n: { x: 1 } }, expected: noName },
  { name: 'numeric name becomes text', body: { n: 404 }, expected: ok({ name: '404' }) },
  {
    name: 'short names',
    body: { n: 'Signup', u: 'https://example.com/a', d: 'example.com', r: 'https://t.co/x', t: 'Title', s: '1920x1080', p: { plan: 'pro' } },
    expected: ok({ name: 'Signup', url: 'https://example.com/a', domain: 'example.com', referrer: 'https://t.co/x', title: 'Title', screen: '1920x1080', props: { plan: 'pro' } }),
  },
  {
    name: 'long names',
    body: { name: 'Signup', url: 'https://example.com/a', domain: 'example.com', referrer: 'https://t.co/x', title: 'Title', screen: '1x1', props: { plan: 'pro' } },
    expected: ok({ name: 'Signup', url: 'https://example.com/a', domain: 'example.com', referrer: 'https://t.co/x', title: 'Title', screen: '1x1', props: { plan: 'pro' } }),
  },
  { name: 'short name wins over long', body: { n: 'short', name: 'long', u: 'https://a.example/', url: 'https://b.example/' },
    expected: ok({ name: 'short', url: 'https://a.example/' }) },
  { name: 'null short name falls back to long', body: { n: null, name: 'long' }, expected: ok({ name: 'long' }) },
  { name: 'm is props', body: { n: 'x', m: { a: 'b' } }, expected: ok({ name: 'x', props: { a: 'b' } }) },
  { name: 'meta is props', body: { n: 'x', meta: { a: 'b' } }, expected: ok({ name: 'x', props: { a: 'b' } }) },
  { name: 'props as a JSON string', body: { n: 'x', p: '{"a":"b","n":3,"t":true}' }, expected: ok({ name: 'x', props: { a: 'b', n: '3', t: 'true' } }) },
  { name: 'props as a broken JSON string', body: { n: 'x', p: '{"a":' }, expected: ok({ name: 'x' }) },
  { name: 'props as an array', body: { n: 'x', p: ['a', 'b'] }, expected: ok({ name: 'x' }) },
  { name: 'props as a JSON array string', body: { n: 'x', p: '["a"]' }, expected: ok({ name: 'x' }) },
  { name: 'nested prop values dropped', body: { n: 'x', p: { keep: 'v', obj: { a: 1 }, arr: [1], nil: null, num: 1.5, no: false } },
    expected: ok({ name: 'x', props: { keep: 'v', num: '1.5', no: 'false' } }) },
  { name: 'props over Plausible\'s limits dropped: key > 300, value > 2000, empty', body: { n: 'x', p: { ['k'.repeat(301)]: 'v', long: 'v'.repeat(2001), empty: '', ['k'.repeat(300)]: 'v'.repeat(2000) } },
    expected: ok({ name: 'x', props: { ['k'.repeat(300)]: 'v'.repeat(2000) } }) },
  { name: 'at most 30 props, the first ones', body: { n: 'x', p: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, String(i)])) },
    expected: ok({ name: 'x', props: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, String(i)])) }) },
  { name: 'revenue {amount, currency}', body: { n: 'Purchase', $: { amount: 12.5, currency: 'EUR' } }, expected: ok({ name: 'Purchase', revenue: 12.5 }) },
  { name: 'revenue amount as numeric string', body: { n: 'Purchase', revenue: { amount: '19.99', currency: 'USD' } }, expected: ok({ name: 'Purchase', revenue: 19.99 }) },
  { name: 'revenue as numeric string', body: { n: 'Purchase', $: '7.25' }, expected: ok({ name: 'Purchase', revenue: 7.25 }) },
  { name: 'revenue as number', body: { n: 'Purchase', revenue: 3 }, expected: ok({ name: 'Purchase', revenue: 3 }) },
  { name: 'revenue not numeric', body: { n: 'Purchase', $: { amount: 'lots', currency: 'EUR' } }, expected: ok({ name: 'Purchase' }) },
  { name: 'revenue without amount', body: { n: 'Purchase', $: { currency: 'EUR' } }, expected: ok({ name: 'Purchase' }) },
  // An empty or blank string is not a number; Number('') would make it 0.
  { name: 'revenue as an empty string', body: { n: 'Purchase', $: '' }, expected: ok({ name: 'Purchase' }) },
  { name: 'revenue amount as a blank string', body: { n: 'Purchase', $: { amount: '  ', currency: 'EUR' } }, expected: ok({ name: 'Purchase' }) },
  { name: 'interactive false via i', body: { n: 'x', i: false }, expected: ok({ name: 'x', interactive: false }) },
  { name: 'interactive false via interactive: 0', body: { n: 'x', interactive: 0 }, expected: ok({ name: 'x', interactive: false }) },
  { name: 'interactive true via "true"', body: { n: 'x', i: 'true' }, expected: ok({ name: 'x', interactive: true }) },
  { name: 'hashMode via h: 1', body: { n: 'x', h: 1 }, expected: ok({ name: 'x', hashMode: true }) },
  { name: 'hashMode via hashMode: true', body: { n: 'x', hashMode: true }, expected: ok({ name: 'x', hashMode: true }) },
  { name: 'hashMode junk is false', body: { n: 'x', h: 'yes' }, expected: ok({ name: 'x' }) },
  { name: 'sd and e as numbers', body: { n: 'engagement', sd: 75, e: 12000 }, expected: ok({ name: 'engagement', scrollDepth: 75, engagedMs: 12000 }) },
  { name: 'sd and e as numeric strings', body: { n: 'engagement', sd: '75', e: '12000' }, expected: ok({ name: 'engagement', scrollDepth: 75, engagedMs: 12000 }) },
  { name: 'sd and e as empty strings', body: { n: 'engagement', sd: '', e: ' ' }, expected: ok({ name: 'engagement' }) },
  { name: 'sd and e junk', body: { n: 'engagement', sd: 'lots', e: [1] }, expected: ok({ name: 'engagement' }) },
  { name: 'long texts cut', body: { n: 'n'.repeat(900), u: 'u'.repeat(9000), d: 'd'.repeat(2000), t: 't'.repeat(3000), s: 's'.repeat(100) },
    expected: ok({ name: 'n'.repeat(500), url: 'u'.repeat(4000), domain: 'd'.repeat(1000), title: 't'.repeat(2000), screen: 's'.repeat(40) }) },
];

for (const c of cases) {
  test(`parseEventBody: ${c.name}`, () => {
    assert.deepEqual(plain(parseEventBody(c.body)), c.expected);
  });
}

for (const json of [
  '{"n":"x","p":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}',
  '{"n":"x","p":"{\\"__proto__\\":{\\"polluted\\":\\"yes\\"}}"}',
  '{"n":"x","__proto__":{"polluted":"yes"},"p":{"__proto__":"text","constructor":"c"}}',
]) {
  test(`parseEventBody: no prototype pollution from ${json.slice(0, 60)}`, () => {
    const parsed = parseEventBody(JSON.parse(json));
    assert.equal(parsed.ok, true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    if (parsed.ok && parsed.wire.props !== null) {
      // String values under those keys are kept as own data, nothing else.
      for (const [key, value] of Object.entries(parsed.wire.props)) assert.equal(typeof value, 'string', key);
    }
  });
}

test('parseEventBody: "__proto__" and "constructor" props stay own string keys', () => {
  const parsed = parseEventBody(JSON.parse('{"n":"x","p":{"__proto__":"text","constructor":"c"}}'));
  assert.ok(parsed.ok);
  assert.deepEqual(Object.entries(parsed.wire.props ?? {}), [['__proto__', 'text'], ['constructor', 'c']]);
});

test('parseEventBody: any JSON value never throws; ok results hold bounded, typed fields', () => {
  const field = fc.constantFrom('n', 'name', 'u', 'url', 'd', 'domain', 'r', 'referrer', 'p', 'props', 'm', 'meta',
    '$', 'revenue', 'i', 'interactive', 'h', 'hashMode', 'sd', 'e', 't', 's', '__proto__', 'constructor');
  const body = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(field, fc.jsonValue({ maxDepth: 2 })),
    fc.json().map((text) => ({ n: 'x', p: text })),
  );
  fc.assert(
    fc.property(body, (b) => {
      const parsed = parseEventBody(b);
      if (!parsed.ok) return;
      const w = parsed.wire;
      assert.ok(w.name !== '' && w.name.length <= 500);
      for (const n of [w.revenue, w.scrollDepth, w.engagedMs]) assert.ok(n === null || Number.isFinite(n));
      for (const v of Object.values(w.props ?? {})) assert.equal(typeof v, 'string');
      assert.equal(typeof w.interactive, 'boolean');
      assert.equal(typeof w.hashMode, 'boolean');
    }),
    { numRuns: 300 },
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
