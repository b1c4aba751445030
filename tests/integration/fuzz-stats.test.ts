// A CI-sized share of the stats API fuzzing (`npm run fuzz` runs more): every parameter of the v2
// query, the v1 endpoints and the CSV export, plausible or hostile, never gets an answer >= 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzStats } from '../helpers/fuzz-stats.ts';

const REQUESTS = Number(process.env.INKLING_FUZZ_STATS_REQUESTS ?? 200);
const SEED = Number(process.env.INKLING_FUZZ_SEED ?? Date.now() % 1_000_000);

test(`stats API survives ${REQUESTS} fuzzed queries (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const report = await fuzzStats({ requests: REQUESTS, seed: SEED });
  console.log(`fuzz stats: ${JSON.stringify(report.byStatus)}`);
  assert.deepEqual(report.failures, [], `answers >= 500 (rerun with INKLING_FUZZ_SEED=${SEED})`);
  assert.ok((report.byStatus[200] ?? 0) > REQUESTS / 10, 'enough queries were valid to reach the SQL');
});
