// Bot detection from the User-Agent: isbot's list plus headless and audit tools it lets through.
import { isbot } from 'isbot';
import { Lru } from './lru.ts';

/**
 * Automation and page-audit tools that run a real browser engine and can send
 * a browser-like UA. Electron is deliberately absent: Electron apps have users.
 */
const AUTOMATION = /headless|phantomjs|slimerjs|puppeteer|playwright|selenium|webdriver|cypress|lighthouse|gtmetrix|pagespeed|google-pagerenderer|prerender|htmlunit|nightmare/i;
/** Longer UAs are checked but not cached, so junk headers cannot fill the cache. */
const MAX_CACHED_UA = 1024;

export function createBotDetector(cacheSize = 10_000): (userAgent: string) => boolean {
  const cache = new Lru<string, boolean>(cacheSize);
  return (userAgent) => {
    // No UA is not evidence of a bot: the no-JS pixel may be fetched without one.
    if (userAgent === '') return false;
    const cached = cache.get(userAgent);
    if (cached !== undefined) return cached;
    const bot = isbot(userAgent) || AUTOMATION.test(userAgent);
    if (userAgent.length <= MAX_CACHED_UA) cache.set(userAgent, bot);
    return bot;
  };
}
