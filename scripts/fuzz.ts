// `npm run fuzz -- --requests 200000 [--stats-requests 10000] [--session-requests 2000] [--seed N] [--concurrency 16]`:
// the long fuzzing run, collect endpoints (real server process), the stats API and signed-in writes
// (CSRF tokens, key bodies; both in-process). Exits 1 on any
// answer >= 500, an unanswered ordinary request, a crash, a lost or doubled event, or an invalid row.
import { parseArgs } from 'node:util';
import { fuzzCollect } from '../tests/helpers/fuzz-run.ts';
import { fuzzStats } from '../tests/helpers/fuzz-stats.ts';
import { fuzzSession } from '../tests/helpers/fuzz-session.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '200000' }, 'stats-requests': { type: 'string', default: '10000' }, 'session-requests': { type: 'string', default: '2000' }, seed: { type: 'string' }, concurrency: { type: 'string', default: '16' } } });
const seed = Number(values.seed ?? Date.now() % 1_000_000);
console.log(`fuzz: ${values.requests} requests, seed ${seed} (rerun the same with --seed ${seed})`);
const report = await fuzzCollect({ requests: Number(values.requests), seed, concurrency: Number(values.concurrency), log: (line) => console.log(line) });
const stats = await fuzzStats({ requests: Number(values['stats-requests']), seed, log: (line) => console.log(line) });
const session = await fuzzSession({ requests: Number(values['session-requests']), seed, log: (line) => console.log(line) });
const ok = stats.failures.length === 0 && session.failures.length === 0 && report.serverErrors.length === 0 && report.unanswered.length === 0 && !report.crashed && report.exitCode === 0
  && report.stored === report.accepted && Object.keys(report.invalid).length === 0;
console.log([
  `\nfuzz: ${report.requests} requests in ${report.seconds.toFixed(0)} s (${(report.requests / report.seconds).toFixed(0)}/s), seed ${seed}`,
  `  statuses            ${JSON.stringify(report.byStatus)}`,
  `  answers >= 500      ${report.serverErrors.length}`,
  `  unanswered          ${report.unanswered.length}`,
  `  crashed             ${report.crashed ? 'YES' : 'no'}; exit after SIGTERM ${report.exitCode}`,
  `  accepted / stored   ${report.accepted} / ${report.stored}`,
  `  invalid rows        ${JSON.stringify(report.invalid)}`,
  ...report.serverErrors.filter((e) => e.spec !== '').map((e) => `  ${e.status}: ${e.spec}`),
  ...report.unanswered.filter((s) => s !== '').map((s) => `  unanswered: ${s}`),
  `stats API: ${stats.requests} queries, statuses ${JSON.stringify(stats.byStatus)}, answers >= 500: ${stats.failures.length}`,
  ...stats.failures.filter((f) => f !== '').map((f) => `  ${f}`),
  `signed-in writes: ${session.requests} requests, statuses ${JSON.stringify(session.byStatus)}, answers >= 500: ${session.failures.length}`,
  ...session.failures.filter((f) => f !== '').map((f) => `  ${f}`),
  `total: ${report.requests + stats.requests + session.requests} requests, ${report.serverErrors.length + stats.failures.length + session.failures.length} answers >= 500`,
  ok ? 'PASS' : 'FAIL',
].join('\n'));
process.exitCode = ok ? 0 : 1;
