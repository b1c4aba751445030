// `npm run crash -- --rounds 20 --load-ms 3000`: a longer kill -9 loop than the test runs.
import { parseArgs } from 'node:util';
import { crashRun } from '../tests/helpers/crash-run.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, 'load-ms': { type: 'string', default: '3000' }, concurrency: { type: 'string', default: '32' } } });
const report = await crashRun({
  rounds: Number(values.rounds),
  loadMs: Number(values['load-ms']),
  concurrency: Number(values.concurrency),
  log: (line) => console.log(line),
});
console.log(`acknowledged ${report.acknowledged}, stored ${report.stored}, lost ${report.lost}, duplicated ${report.duplicated}`);
process.exitCode = report.lost === 0 && report.duplicated === 0 ? 0 : 1;
