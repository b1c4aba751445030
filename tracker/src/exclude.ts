// Decides whether a hit may be sent at all: local pages, automated browsers and visitor opt-outs.
import { flag } from './config.ts';

declare global {
  interface Navigator {
    globalPrivacyControl?: boolean;
  }
}

// The empty host is a file: page.
const isLocal = /^(localhost|127(\.\d+){3}|\[::1\]|)$/.test(location.hostname);

/**
 * WebDriver, Playwright and Puppeteer set navigator.webdriver; their traffic is never a visitor.
 * (Older tools such as PhantomJS announce themselves in the UA, which the server's bot step drops.)
 * Tests that drive Chromium on purpose launch it with --disable-blink-features=AutomationControlled,
 * which clears the flag, so the shipped script has no switch that turns this check off.
 */
const isAutomated = navigator.webdriver;

const refusesTracking = flag('respect-dnt') && (navigator.doNotTrack == '1' || navigator.globalPrivacyControl);

const isExcluded = !!((isLocal && !flag('local')) || isAutomated || refusesTracking);

/** Read per hit so that setting localStorage.inkling_ignore takes effect without a reload. */
export function isIgnored(): boolean {
  try {
    return isExcluded || localStorage.inkling_ignore == 'true';
  } catch {
    // Storage can throw (sandboxed frames, blocked storage): then only the static checks apply.
    return isExcluded;
  }
}
