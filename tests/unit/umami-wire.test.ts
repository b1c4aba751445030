import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUmamiBody } from '../../src/ingest/wire/umami.ts';
import type { WireEvent } from '../../src/ingest/types.ts';

/** What every accepted body yields unless the case says otherwise. */
const base: WireEvent = {
  name: 'pageview',
  url: 'https://example.com/blog?x=1',
  domain: 'example.com',
  referrer: null,
  title: null,
  screen: null,
  props: null,
  revenue: null,
  interactive: true,
  hashMode: false,
  scrollDepth: null,
  engagedMs: null,
};

const event = (payload: Record<string, unknown>) => ({ type: 'event', payload: { website: 'example.com', hostname: 'example.com', url: '/blog?x=1', ...payload } });

const accepted: Array<[string, unknown, Partial<WireEvent>]> = [
  ['a pageview from the current tracker (full URL)', event({ url: 'https://example.com/blog?x=1' }), {}],
  ['a pageview from a pre-2.13 tracker (path + query)', event({}), {}],
  [
    'every page field',
    event({ title: 'Blog', screen: '1920x1080', language: 'en-US', referrer: 'https://news.ycombinator.com/item?id=1' }),
    { title: 'Blog', screen: '1920x1080', referrer: 'https://news.ycombinator.com/item?id=1' },
  ],
  ['a path-only referrer resolves on the page host', event({ referrer: '/previous' }), { referrer: 'https://example.com/previous' }],
  ['an empty referrer is none', event({ referrer: '' }), { referrer: null }],
  [
    'a custom event with data: values become strings, objects keep their JSON',
    event({ name: 'Signup', data: { plan: 'pro', seats: 3, trial: true, meta: { a: 1 }, none: null } }),
    { name: 'Signup', props: { plan: 'pro', seats: '3', trial: 'true', meta: '{"a":1}', none: 'null' } },
  ],
  [
    'revenue in the data becomes revenue (and stays a prop)',
    event({ name: 'checkout', data: { revenue: 19.99, currency: 'USD' } }),
    { name: 'checkout', revenue: 19.99, props: { revenue: '19.99', currency: 'USD' } },
  ],
  ['numeric revenue text is read too', event({ name: 'checkout', data: { revenue: '5.5' } }), { name: 'checkout', revenue: 5.5, props: { revenue: '5.5' } }],
  ['non-numeric revenue is no revenue', event({ name: 'checkout', data: { revenue: 'lots' } }), { name: 'checkout', props: { revenue: 'lots' } }],
  ['an empty name is a pageview', event({ name: '' }), {}],
  ['a data array is not props', event({ data: [1, 2] }), {}],
  ['the body may arrive as JSON text', JSON.stringify(event({})), {}],
  ['the identity fields are dropped', event({ id: 'user-42', tag: 'beta', vid: 'uuid' }), {}],
  ['a website id is passed through as domain', event({ website: '5b6e4f2a-0000-4000-8000-000000000000' }), { domain: '5b6e4f2a-0000-4000-8000-000000000000' }],
  ['a path without a hostname has no URL', event({ hostname: undefined }), { url: null }],
  ['a full URL needs no hostname', event({ hostname: undefined, url: 'https://example.com/blog?x=1' }), {}],
  ['an unparseable hostname leaves only full URLs', event({ hostname: 'exa mple.com' }), { url: null }],
  ['wrongly typed fields are absent', event({ title: 42, screen: ['1x1'], referrer: {} }), {}],
  ['long text is cut', event({ title: 't'.repeat(3000) }), { title: 't'.repeat(2000) }],
];

for (const [name, body, expected] of accepted) {
  test(`umami: ${name}`, () => {
    const parsed = parseUmamiBody(body);
    assert.equal(parsed.kind, 'event');
    if (parsed.kind !== 'event') return;
    assert.deepEqual({ ...parsed.wire, props: parsed.wire.props && { ...parsed.wire.props } }, { ...base, ...expected });
    assert.equal(parsed.website, parsed.wire.domain);
  });
}

const rejected: Array<[string, unknown, RegExp]> = [
  ['not JSON', '{nope', /not a JSON object/],
  ['null', null, /not a JSON object/],
  ['an array', [], /not a JSON object/],
  ['identify', { type: 'identify', payload: { website: 'example.com', id: 'user-42' } }, /"identify" is not collected/],
  ['no type', { payload: { website: 'example.com' } }, /undefined is not collected/],
  ['no payload', { type: 'event' }, /payload is not an object/],
  ['no website', { type: 'event', payload: { url: '/' } }, /website is required/],
  ['an empty website', { type: 'event', payload: { website: '', url: '/' } }, /website is required/],
];

for (const [name, body, reason] of rejected) {
  test(`umami rejects ${name}`, () => {
    const parsed = parseUmamiBody(body);
    assert.equal(parsed.kind, 'invalid');
    if (parsed.kind === 'invalid') assert.match(parsed.reason, reason);
  });
}
