import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createUserAgentParser, type UserAgentInfo } from '../../src/ingest/enrich/user-agent.ts';

const ua = (browser: string | null, browserVersion: string | null, os: string | null, osVersion: string | null,
  device: UserAgentInfo['device']): UserAgentInfo => ({ browser, browserVersion, os, osVersion, device });

const cases: Array<[string, UserAgentInfo]> = [
  ['', ua(null, null, null, null, null)],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    ua('Chrome', '124', 'Windows', '10', 'desktop')],
  ['Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
    ua('Chrome', '109', 'Windows', '7', 'desktop')],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
    ua('Microsoft Edge', '124', 'Windows', '10', 'desktop')],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0',
    ua('Opera', '109', 'Windows', '10', 'desktop')],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', ua('Firefox', '125', 'Windows', '10', 'desktop')],
  ['Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko', ua('Internet Explorer', '11', 'Windows', '7', 'desktop')],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    ua('Safari', '17', 'macOS', '10', 'desktop')],
  ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', ua('Firefox', '125', 'Linux', null, 'desktop')],
  ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    ua('Chrome', '124', 'ChromeOS', null, 'desktop')],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    ua('Safari', '17', 'iOS', '17', 'mobile')],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
    ua('Chrome', '124', 'iOS', '17', 'mobile')],
  ['Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
    ua('Safari', '16', 'iOS', '16', 'tablet')],
  ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
    ua('Samsung Internet', '24', 'Android', '14', 'mobile')],
  ['Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    ua('Chrome', '124', 'Android', '13', 'tablet')],
  ['Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36',
    ua('Samsung Internet', '4', 'Tizen', '6', null)],
  ['Googlebot/2.1 (+http://www.google.com/bot.html)', ua('Googlebot', '2', null, null, null)],
  ['curl/8.5.0', ua(null, null, null, null, null)],
  ['totally unknown agent', ua(null, null, null, null, null)],
];

const parse = createUserAgentParser(8);

for (const [userAgent, expected] of cases) {
  test(`parseUserAgent(${JSON.stringify(userAgent.slice(0, 70))})`, () => {
    assert.deepEqual(parse(userAgent), expected);
    // The cached answer is the same, and frozen so one hit cannot change another's.
    assert.deepEqual(parse(userAgent), expected);
    assert.ok(Object.isFrozen(parse(userAgent)));
  });
}
