import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { buildTracker } from '../../tracker/build.ts';

/** Every feature included; Plausible's full script is ~2.7 KB and Umami's ~2.2 KB. */
const BUDGET = 1400;

test('tracker: the full script fits the gzip -9 budget', async () => {
  const { code } = await buildTracker();
  const size = gzipSync(code, { level: 9 }).length;
  console.log(`tracker: ${size} bytes gzip -9 (budget ${BUDGET})`);
  assert.ok(size <= BUDGET, `tracker is ${size} bytes gzip -9, over the ${BUDGET} byte budget`);
});
