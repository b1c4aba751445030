import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBotDetector } from '../../src/ingest/enrich/bot.ts';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.0 Safari/537.36';

const cases: Array<[string, string, boolean]> = [
  ['empty UA (pixel without User-Agent)', '', false],
  ['desktop Chrome', CHROME, false],
  ['iPhone Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', false],
  ['Firefox', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', false],
  ['Electron app (real users)', `${CHROME} Electron/30.0.0`, false],
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', true],
  ['curl', 'curl/8.5.0', true],
  ['HeadlessChrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36', true],
  ['PhantomJS', 'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1', true],
  ['Chrome-Lighthouse', `${CHROME} Chrome-Lighthouse`, true],
  ['GTmetrix', `${MAC} GTmetrix`, true],
  ['Puppeteer marker', `${CHROME} Puppeteer`, true],
  ['Playwright marker', `${CHROME} Playwright/1.44`, true],
  ['Selenium marker', `${CHROME} Selenium`, true],
  ['Google-PageRenderer', `${CHROME} Google-PageRenderer Google (+https://developers.google.com/+/web/snippet/)`, true],
  ['Pingdom', `${CHROME} PingdomPageSpeed/1.0 (pingbot/2.0; +http://www.pingdom.com/)`, true],
];

const isBot = createBotDetector(4);

for (const [name, userAgent, expected] of cases) {
  test(`isBot: ${name} -> ${expected}`, () => {
    // Twice: the second answer comes from the cache and must agree.
    assert.equal(isBot(userAgent), expected);
    assert.equal(isBot(userAgent), expected);
  });
}
