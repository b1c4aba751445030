// A CI-sized share of the signed-in write fuzzing (`npm run fuzz` runs more): CSRF tokens of every
// kind and hostile `sites` bodies never get an answer >= 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzSession } from '../helpers/fuzz-session.ts';

const REQUESTS = Number(process.env.INKLING_FUZZ_SESSION_REQUESTS ?? 200);
const SEED = Number(process.env.INKLING_FUZZ_SEED ?? Date.now() % 1_000_000);

test(`finding 14: signed-in writes survive ${REQUESTS} fuzzed CSRF tokens and key bodies (seed ${SEED})`, { timeout: 120_000 }, async () => {
  const report = await fuzzSession({ requests: REQUESTS, seed: SEED });
  console.log(`fuzz session: ${JSON.stringify(report.byStatus)}`);
  assert.deepEqual(report.failures, [], `answers >= 500 (rerun with INKLING_FUZZ_SEED=${SEED})`);
  assert.ok((report.byStatus[403] ?? 0) > 0 && (report.byStatus[400] ?? 0) > 0, 'both the CSRF check and the body checks were reached');
});
