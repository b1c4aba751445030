// Browser, OS and device from the user agent (cached), and the screen size.
import { parseScreen } from '../enrich/screen.ts';
import type { Step } from '../pipeline.ts';

// Field by field: object spread measured ~8 us per hit here, more than the whole step.
export const parseDevice: Step = (hit, { parseUserAgent }) => {
  const ua = parseUserAgent(hit.userAgent);
  const screen = parseScreen(hit.screen);
  return {
    browser: ua.browser, browserVersion: ua.browserVersion, os: ua.os, osVersion: ua.osVersion, device: ua.device,
    screenWidth: screen.screenWidth, screenHeight: screen.screenHeight,
  };
};
