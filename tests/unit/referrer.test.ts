import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelOf, createReferrerClassifier, referrerHost, type ReferrerInfo, type UtmTriple } from '../../src/ingest/enrich/referrer.ts';

const classify = createReferrerClassifier({ cacheSize: 16 });
const noUtm: UtmTriple = { utmSource: null, utmMedium: null, utmCampaign: null };
const utm = (utmSource: string | null, utmMedium: string | null = null, utmCampaign: string | null = null): UtmTriple =>
  ({ utmSource, utmMedium, utmCampaign });
const r = (referrer: string | null, source: string | null, channel: ReferrerInfo['channel']): ReferrerInfo =>
  ({ referrer, source, channel });
const PAGE = 'example.com';

// [referrer, page hostname, utm, expected]
const cases: Array<[string | null, string | null, UtmTriple, ReferrerInfo]> = [
  // Direct and self-referrals
  [null, PAGE, noUtm, r(null, null, 'Direct')],
  ['', PAGE, noUtm, r(null, null, 'Direct')],
  ['https://example.com/about', PAGE, noUtm, r(null, null, 'Direct')],
  ['https://www.example.com/about', PAGE, noUtm, r(null, null, 'Direct')],
  ['https://example.com/', 'www.example.com', noUtm, r(null, null, 'Direct')],
  ['https://example.com/', PAGE, utm('newsletter', 'email'), r(null, 'newsletter', 'Email')],
  // Malformed -> absent
  ['not a url', PAGE, noUtm, r(null, null, 'Direct')],
  ['javascript:alert(1)', PAGE, noUtm, r(null, null, 'Direct')],
  ['https://', PAGE, noUtm, r(null, null, 'Direct')],
  // Search
  ['https://www.google.com/', PAGE, noUtm, r('google.com', 'Google', 'Organic Search')],
  ['https://www.google.de/search?q=secret#frag', PAGE, noUtm, r('google.de/search', 'Google', 'Organic Search')],
  ['https://www.google.com.br/', PAGE, noUtm, r('google.com.br', 'Google', 'Organic Search')],
  ['https://google.zz/', PAGE, noUtm, r('google.zz', 'Google', 'Organic Search')],
  ['https://www.google.de/imgres?imgurl=x', PAGE, noUtm, r('google.de/imgres', 'Google Images', 'Organic Search')],
  ['https://www.bing.com/images/search?q=1', PAGE, noUtm, r('bing.com/images/search', 'Bing Images', 'Organic Search')],
  ['https://duckduckgo.com/', PAGE, noUtm, r('duckduckgo.com', 'DuckDuckGo', 'Organic Search')],
  ['https://search.brave.com/search?q=x', PAGE, noUtm, r('search.brave.com/search', 'Brave Search', 'Organic Search')],
  ['https://support.google.com/answer/1', PAGE, noUtm, r('support.google.com/answer/1', 'Google', 'Referral')],
  // Social and video
  ['https://news.ycombinator.com/item?id=1', PAGE, noUtm, r('news.ycombinator.com/item', 'Hacker News', 'Organic Social')],
  ['https://t.co/abc', PAGE, noUtm, r('t.co/abc', 'Twitter', 'Organic Social')],
  ['https://x.com/someone', PAGE, noUtm, r('x.com/someone', 'Twitter', 'Organic Social')],
  ['https://l.facebook.com/l.php?u=x', PAGE, noUtm, r('l.facebook.com/l.php', 'Facebook', 'Organic Social')],
  ['https://old.reddit.com/r/node/', PAGE, noUtm, r('old.reddit.com/r/node', 'Reddit', 'Organic Social')],
  ['https://bsky.app/profile/x', PAGE, noUtm, r('bsky.app/profile/x', 'Bluesky', 'Organic Social')],
  ['https://github.com/org/repo', PAGE, noUtm, r('github.com/org/repo', 'GitHub', 'Organic Social')],
  ['https://m.youtube.com/watch?v=1', PAGE, noUtm, r('m.youtube.com/watch', 'YouTube', 'Organic Video')],
  ['https://youtu.be/abc', PAGE, noUtm, r('youtu.be/abc', 'YouTube', 'Organic Video')],
  // AI assistants
  ['https://chatgpt.com/', PAGE, noUtm, r('chatgpt.com', 'ChatGPT', 'AI Assistants')],
  ['https://chat.openai.com/c/1', PAGE, noUtm, r('chat.openai.com/c/1', 'ChatGPT', 'AI Assistants')],
  ['https://www.perplexity.ai/search/x', PAGE, noUtm, r('perplexity.ai/search/x', 'Perplexity', 'AI Assistants')],
  ['https://claude.ai/', PAGE, noUtm, r('claude.ai', 'Claude', 'AI Assistants')],
  ['https://gemini.google.com/app', PAGE, noUtm, r('gemini.google.com/app', 'Gemini', 'AI Assistants')],
  [null, PAGE, utm('chatgpt.com'), r(null, 'ChatGPT', 'AI Assistants')],
  // Email, shopping, ads, apps
  ['https://mail.google.com/mail/u/0/', PAGE, noUtm, r('mail.google.com/mail/u/0', 'Gmail', 'Email')],
  ['android-app://com.google.android.gm/', PAGE, noUtm, r('com.google.android.gm', 'Gmail', 'Email')],
  ['https://www.amazon.de/dp/1', PAGE, noUtm, r('amazon.de/dp/1', 'Amazon', 'Organic Shopping')],
  ['https://ad.doubleclick.net/x', PAGE, noUtm, r('ad.doubleclick.net/x', 'Doubleclick', 'Display')],
  // Unknown hosts
  ['https://blog.other.org/post/1/', PAGE, noUtm, r('blog.other.org/post/1', 'blog.other.org', 'Referral')],
  ['https://www.other.org', PAGE, noUtm, r('other.org', 'other.org', 'Referral')],
  ['other.org/from/here', PAGE, noUtm, r('other.org/from/here', 'other.org', 'Referral')],
  ['https://other.org/caf%C3%A9', PAGE, noUtm, r('other.org/café', 'other.org', 'Referral')],
  ['https://sub.example.com/', PAGE, noUtm, r('sub.example.com', 'sub.example.com', 'Referral')],
  [`https://other.org/${'a'.repeat(3000)}`, PAGE, noUtm, r(`other.org/${'a'.repeat(1990)}`, 'other.org', 'Referral')],
  // UTM: source names and channels
  [null, PAGE, utm('google', 'cpc'), r(null, 'Google', 'Paid Search')],
  [null, PAGE, utm('Google', 'ppc'), r(null, 'Google', 'Paid Search')],
  [null, PAGE, utm('fb', 'paid_social'), r(null, 'Facebook', 'Paid Social')],
  [null, PAGE, utm('youtube', 'cpv'), r(null, 'YouTube', 'Paid Video')],
  [null, PAGE, utm('amazon', 'cpc'), r(null, 'Amazon', 'Paid Shopping')],
  [null, PAGE, utm('partner', 'cpc', 'summer-shop'), r(null, 'partner', 'Paid Shopping')],
  [null, PAGE, utm('partner', 'retargeting'), r(null, 'partner', 'Unknown')],
  [null, PAGE, utm('partner', 'banner'), r(null, 'partner', 'Display')],
  [null, PAGE, utm('x', 'display', 'cross-network-q3'), r(null, 'Twitter', 'Cross-network')],
  [null, PAGE, utm('hn'), r(null, 'Hacker News', 'Organic Social')],
  [null, PAGE, utm('mastodon', 'social'), r(null, 'Mastodon', 'Organic Social')],
  [null, PAGE, utm('blog', 'social-media'), r(null, 'blog', 'Organic Social')],
  [null, PAGE, utm('podcast', 'video'), r(null, 'podcast', 'Organic Video')],
  [null, PAGE, utm('bing'), r(null, 'Bing', 'Organic Search')],
  [null, PAGE, utm('newsletter'), r(null, 'newsletter', 'Email')],
  [null, PAGE, utm('acme', 'e-mail'), r(null, 'acme', 'Email')],
  [null, PAGE, utm('partner', 'affiliate'), r(null, 'partner', 'Affiliates')],
  [null, PAGE, utm('spotify', 'audio'), r(null, 'spotify', 'Audio')],
  [null, PAGE, utm('sms'), r(null, 'sms', 'SMS')],
  [null, PAGE, utm('producthunt'), r(null, 'Product Hunt', 'Organic Social')],
  [null, PAGE, utm('some-site'), r(null, 'some-site', 'Referral')],
  [null, PAGE, utm(null, 'foo'), r(null, null, 'Unknown')],
  [null, PAGE, utm(null, 'referral'), r(null, null, 'Referral')],
  [null, PAGE, utm('  ', '', ''), r(null, null, 'Direct')],
  // A tagged link names the source; the referrer is still recorded.
  ['https://www.google.com/', PAGE, utm('partner', 'affiliate'), r('google.com', 'partner', 'Affiliates')],
  ['https://t.co/x', PAGE, utm('twitter', 'paid'), r('t.co/x', 'Twitter', 'Paid Social')],
];

for (const [referrer, page, utmTriple, expected] of cases) {
  test(`classify(${JSON.stringify(referrer?.slice(0, 60) ?? null)}, ${JSON.stringify(utmTriple)})`, () => {
    assert.deepEqual(classify(referrer, page, utmTriple), expected);
    // Second call is served from the cache.
    assert.deepEqual(classify(referrer, page, utmTriple), expected);
  });
}

test('classify: results are frozen (shared through the cache)', () => {
  assert.ok(Object.isFrozen(classify('https://chatgpt.com/', PAGE, noUtm)));
});

test('channelOf: no source and no tags is Direct', () => {
  assert.equal(channelOf(null, false, noUtm), 'Direct');
  assert.equal(channelOf('search', true, noUtm), 'Organic Search');
});

const hostCases: Array<[string | null, string | null]> = [
  [null, null],
  ['', null],
  ['https://semalt.com/x', 'semalt.com'],
  ['HTTP://A.B.Semalt.COM:8080/', 'a.b.semalt.com'],
  ['https://user:pw@semalt.com/', 'semalt.com'],
  ['https://semalt.com\\x', 'semalt.com'],
  ['semalt.com/page', 'semalt.com'],
  ['https://www.example.org/', 'example.org'],
  ['android-app://com.google.android.gm/', 'com.google.android.gm'],
  ['ftp://example.org/', null],
  ['nonsense', null],
];

for (const [raw, expected] of hostCases) {
  test(`referrerHost(${JSON.stringify(raw)}) -> ${JSON.stringify(expected)}`, () => {
    assert.equal(referrerHost(raw), expected);
  });
}
