// A CI-sized share of the collect fuzzing (`npm run fuzz` runs >= 200,000): hostile requests never get
// a 500, never crash the server, and everything stored is valid and stored once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzCollect } from '../helpers/fuzz-run.ts';

const REQUESTS = Number(process.env.INKLING_FUZZ_REQUESTS ?? 1_500);
const SEED = Number(process.env.INKLING_FUZZ_SEED ?? Date.now() % 1_000_000);

test(`collect endpoints survive ${REQUESTS} fuzzed requests (seed ${SEED})`, { timeout: 180_000 }, async () => {
  const report = await fuzzCollect({ requests: REQUESTS, seed: SEED });
  console.log(`fuzz: ${report.requests} requests in ${report.seconds.toFixed(1)} s, statuses ${JSON.stringify(report.byStatus)}, accepted ${report.accepted}, stored ${report.stored}`);
  assert.deepEqual(report.serverErrors, [], `answers >= 500 (rerun with INKLING_FUZZ_SEED=${SEED})`);
  assert.deepEqual(report.unanswered, [], 'ordinary requests closed without an answer');
  assert.equal(report.crashed, false, 'the server process died');
  assert.equal(report.exitCode, 0, 'SIGTERM drains and exits 0');
  assert.equal(report.stored, report.accepted, 'every accepted hit is stored, once');
  assert.ok(report.accepted > REQUESTS / 10, `enough hits got through to the store: ${report.accepted}`);
  assert.deepEqual(report.invalid, {}, 'every stored row is valid');
});
