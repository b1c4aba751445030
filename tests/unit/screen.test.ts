import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScreen } from '../../src/ingest/enrich/screen.ts';

const cases: Array<[string | null, number | null, number | null]> = [
  ['1920x1080', 1920, 1080],
  ['1920,1080', 1920, 1080],
  ['1920×1080', 1920, 1080],
  ['390X844', 390, 844],
  [' 1280 x 720 ', 1280, 720],
  ['1x1', 1, 1],
  ['20000x20000', 20000, 20000],
  ['20001x1080', null, null],
  ['0x1080', null, null],
  ['1920x0', null, null],
  ['-1920x1080', null, null],
  ['1920.5x1080', null, null],
  ['1920', null, null],
  ['1920x1080x2', null, null],
  ['axb', null, null],
  ['', null, null],
  [null, null, null],
  ['9'.repeat(40), null, null],
];

for (const [raw, screenWidth, screenHeight] of cases) {
  test(`parseScreen(${JSON.stringify(raw)})`, () => {
    assert.deepEqual(parseScreen(raw), { screenWidth, screenHeight });
  });
}
