import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress } from '../../src/lib/progress.ts';

function rig(tty: boolean, total: number | null) {
  let t = 0;
  const out: string[] = [];
  const progress = createProgress({ label: 'import x', unit: 'rows', total, tty, write: (s) => out.push(s), now: () => t });
  return { out, progress, advance: (ms: number) => (t += ms) };
}

test('plain output: a line every 5 s with percent, rate and ETA, and a final line', () => {
  const { out, progress, advance } = rig(false, 1000);
  advance(1000);
  progress.update(100);
  assert.deepEqual(out, [], 'not yet');
  advance(4000);
  progress.update(500);
  advance(5000);
  progress.finish(1000);
  assert.deepEqual(out, ['import x  50% 500/1,000 rows 100 rows/s ETA 0:05', 'import x 100% 1,000/1,000 rows 100 rows/s ETA 0:00']);
});

test('TTY output: one line redrawn in place with a bar, a newline at the end', () => {
  const { out, progress, advance } = rig(true, 200);
  advance(200);
  progress.update(50);
  progress.finish(200);
  assert.equal(out[0], '\rimport x [######..................]  25% 50/200 rows 250 rows/s ETA 0:01\u001b[K');
  assert.ok(out[1]!.endsWith('\u001b[K\n'));
});

test('an unknown total shows the count and rate only', () => {
  const { out, progress, advance } = rig(false, null);
  advance(2000);
  progress.finish(300);
  assert.deepEqual(out, ['import x 300 rows 150 rows/s']);
});
