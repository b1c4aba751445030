import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utmFromQuery, type Utm } from '../../src/ingest/enrich/utm.ts';

const none: Utm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };

const cases: Array<[Record<string, string>, Utm]> = [
  [{}, none],
  [{ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring', utm_content: 'ad1', utm_term: 'shoes' },
    { utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'spring', utmContent: 'ad1', utmTerm: 'shoes' }],
  [{ ref: 'producthunt' }, { ...none, utmSource: 'producthunt' }],
  [{ source: 'hn' }, { ...none, utmSource: 'hn' }],
  [{ ref: 'a', source: 'b' }, { ...none, utmSource: 'a' }],
  [{ utm_source: 'newsletter', ref: 'a', source: 'b' }, { ...none, utmSource: 'newsletter' }],
  [{ utm_source: '', ref: 'a' }, { ...none, utmSource: 'a' }],
  [{ utm_source: '   ', utm_medium: '' }, none],
  [{ utm_medium: ' email ' }, { ...none, utmMedium: 'email' }],
];

for (const [query, expected] of cases) {
  test(`utmFromQuery(${JSON.stringify(query)})`, () => {
    assert.deepEqual(utmFromQuery(query), expected);
  });
}

test('utmFromQuery ignores inherited properties', () => {
  const query = Object.create({ utm_source: 'inherited' }) as Record<string, string>;
  assert.deepEqual(utmFromQuery(query), none);
});
