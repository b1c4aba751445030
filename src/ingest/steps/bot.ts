// Drops crawlers, headless browsers and automation tools.
import { drop } from '../drop.ts';
import type { Step } from '../pipeline.ts';

export const dropBots: Step = (hit, { isBot }) => (isBot(hit.userAgent) ? drop('bot') : undefined);
