// Finding 16: what a page URL's fragment and a referrer's path may leave in storage, and the audit
// that looks for e-mail addresses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashRoute, parsePageUrl } from '../../src/ingest/enrich/url.ts';
import { redactPath } from '../../src/ingest/enrich/redact.ts';
import { createReferrerClassifier } from '../../src/ingest/enrich/referrer.ts';
import { findPersonalData } from '../../src/maintenance/audit-patterns.ts';

const fragments: Array<[hash: string, route: string]> = [
  ['#/pricing', '#/pricing'],
  ['#!/docs/intro', '#!/docs/intro'],
  ['#section-2', '#section-2'],
  ['#access_token=eyJhbGciOi&token_type=bearer', ''],
  ['#state=xyz&code=abc', ''],
  ['#token=abc', ''],
  ['#/callback?code=abc&state=xyz', '#/callback'],
  ['#/reset&email=jane@example.com', ''],
  ['#', ''],
  ['', ''],
];
for (const [hash, route] of fragments) {
  test(`finding 16: hash-mode fragment ${JSON.stringify(hash)} keeps ${JSON.stringify(route)}`, () => assert.equal(hashRoute(hash), route));
}

test('finding 16: a hash-mode page URL with a token fragment stores only its path', () => {
  assert.equal(parsePageUrl('https://example.com/app#access_token=secret123&expires_in=3600', true)!.pathname, '/app');
  assert.equal(parsePageUrl('https://example.com/#/login?magic=secret123', true)!.pathname, '/#/login');
  assert.equal(parsePageUrl('https://example.com/#/pricing', true)!.pathname, '/#/pricing', 'hash routing still works');
});

const paths: Array<[path: string, redacted: string]> = [
  ['/u/jane.doe@example.com/inbox', '/u/:email/inbox'],
  ['/u/jane%40example.com', '/u/:email'],
  ['/unsubscribe/JANE+news@Example.CO.UK', '/unsubscribe/:email'],
  ['/order/12345678/confirm', '/order/:id/confirm'],
  ['/status/1790000000000000000', '/status/:id'],
  ['/v/123e4567-e89b-12d3-a456-426614174000', '/v/:id'],
  ['/t/0123456789abcdef0123456789abcdef', '/t/:id'],
  ['/@alice', '/@alice'],
  ['/2024/06/15/post-12345', '/2024/06/15/post-12345'],
  ['/r/selfhosted', '/r/selfhosted'],
  ['/item', '/item'],
];
for (const [path, redacted] of paths) {
  test(`finding 16: referrer path ${JSON.stringify(path)} is stored as ${JSON.stringify(redacted)}`, () => assert.equal(redactPath(path), redacted));
}

test('finding 16: the stored referrer is host and path, with the e-mail address masked; classification is unchanged', () => {
  const classify = createReferrerClassifier();
  const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null };
  const info = classify('https://mail.example.org/u/jane.doe@example.com/inbox?x=1#frag', 'shop.example', noUtm);
  assert.deepEqual(info, { referrer: 'mail.example.org/u/:email/inbox', source: 'mail.example.org', channel: 'Referral' });
  assert.equal(classify('https://news.ycombinator.com/item?id=1', 'shop.example', noUtm).referrer, 'news.ycombinator.com/item');
});

test('finding 16: redacting a long hostile path stays fast', () => {
  const started = performance.now();
  for (const path of [`/${'a'.repeat(4000)}@`, `/${'a.'.repeat(2000)}@x`, `/${'a@'.repeat(2000)}`, `/${'1'.repeat(4000)}`]) redactPath(path);
  assert.ok(performance.now() - started < 50);
});

test('finding 16: the privacy audit flags e-mail addresses, masked, and not the instance\'s own accounts', () => {
  const [found] = findPersonalData('{"referrer":"mail.example.org/u/jane.doe@example.com"}');
  assert.equal(found?.kind, 'email');
  assert.equal(found?.masked, 'j…@e…');
  assert.deepEqual(findPersonalData('owner@example.com', new Set(['owner@example.com'])), []);
  for (const clean of ['mail.example.org/u/:email/inbox', 'npm:@scope/pkg@1.2.3', 'user@localhost', 'x@1.2.3.4a', '@alice']) {
    assert.deepEqual(findPersonalData(clean).filter((m) => m.kind === 'email'), [], clean);
  }
});
