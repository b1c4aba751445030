// Browser, OS and device from the user agent (cached), and the screen size.
import { parseScreen } from '../enrich/screen.ts';
import type { Step } from '../pipeline.ts';

export const parseDevice: Step = (hit, { parseUserAgent }) => ({
  ...parseUserAgent(hit.userAgent),
  ...parseScreen(hit.screen),
});
