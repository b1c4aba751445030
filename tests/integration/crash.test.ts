// kill -9 under load, three times: 0 acknowledged events lost, 0 duplicated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashRun } from '../helpers/crash-run.ts';

test('repeated kill -9 under load loses and duplicates nothing acknowledged', { timeout: 180_000 }, async () => {
  const report = await crashRun({ rounds: 3, loadMs: 1500, concurrency: 16 });
  console.log(`crash: ${JSON.stringify(report)}`);
  assert.ok(report.acknowledged > 100, `enough load: ${report.acknowledged} acknowledged`);
  assert.equal(report.lost, 0);
  assert.equal(report.duplicated, 0);
  assert.ok(report.stored >= report.acknowledged);
});
