// Runs N fuzzed requests against a real `inkling serve` process, then checks: no answer >= 500, the
// process never died, it drains on SIGTERM, every accepted hit is stored once, and every stored row is valid.
import path from 'node:path';
import fc from 'fast-check';
import { startServer } from './server.ts';
import { request } from './http.ts';
import { removeDir } from './tmp.ts';
import { requestSpec, type RequestSpec } from './fuzz-requests.ts';
import { sendSpec } from './fuzz-send.ts';
import { invalidRows } from './row-validity.ts';
import { openDuckDb } from '../../src/store/duckdb.ts';

export interface FuzzReport {
  requests: number;
  byStatus: Record<number, number>;
  serverErrors: Array<{ status: number; spec: string }>;
  /** Ordinary-sized, well-formed requests the server closed without answering. */
  unanswered: string[];
  crashed: boolean;
  exitCode: number | null;
  accepted: number;
  stored: number;
  invalid: Record<string, number>;
  seconds: number;
}

export async function fuzzCollect(opts: { requests: number; seed: number; concurrency?: number; log?: (line: string) => void }): Promise<FuzzReport> {
  const started = Date.now();
  // No rate limit: it would drop nearly every hit from one address before the rest of the pipeline saw it.
  const server = await startServer({ sites: ['fuzz.example', 'other.example'], args: ['--trust-proxy', '127.0.0.1', '--rate-limit', 'off'], keepDir: true });
  const report: FuzzReport = { requests: 0, byStatus: {}, serverErrors: [], unanswered: [], crashed: false, exitCode: null, accepted: 0, stored: 0, invalid: {}, seconds: 0 };
  const base = new URL(server.url);
  try {
    const chunk = 2_000;
    for (let done = 0; done < opts.requests && !report.crashed; done += chunk) {
      const specs = fc.sample(requestSpec(), { numRuns: Math.min(chunk, opts.requests - done), seed: opts.seed + done });
      await inPool(specs, opts.concurrency ?? 16, async (spec) => record(report, spec, await sendSpec(base, spec)));
      report.crashed = server.process.exitCode !== null || server.process.signalCode !== null;
      opts.log?.(`${report.requests} requests, ${report.serverErrors.length} answers >= 500, statuses ${JSON.stringify(report.byStatus)}`);
    }
    const metrics = (await request(`${server.url}/metrics`)).body.toString();
    report.accepted = Number(/^inkling_hits_accepted_total (\d+)$/m.exec(metrics)?.[1] ?? -1);
    report.exitCode = await server.stop();
    const db = await openDuckDb(path.join(server.dataDir, 'inkling.duckdb'));
    const [row] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
    report.stored = Number(row?.n ?? -1n);
    report.invalid = await invalidRows(db);
    await db.close();
  } finally {
    await server.kill();
    removeDir(server.dataDir);
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

function record(report: FuzzReport, spec: RequestSpec, answer: { status: number }): void {
  report.requests++;
  report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
  if (answer.status >= 500) report.serverErrors.push({ status: answer.status, spec: report.serverErrors.length < 20 ? describe(spec) : '' });
  if (answer.status === 0 && isOrdinary(spec)) report.unanswered.push(report.unanswered.length < 20 ? describe(spec) : '');
}

/** Small enough for every limit and sendable by node's client: such a request always deserves an answer. */
function isOrdinary(spec: RequestSpec): boolean {
  const headerBytes = spec.target.length + spec.headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  return !spec.raw && headerBytes < 15_000 && (spec.body?.length ?? 0) <= 65_536;
}

/** The request, cut short: enough to reproduce with the seed, small enough to print. */
export function describe(spec: RequestSpec): string {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  return JSON.stringify({ method: spec.method, target: cut(spec.target), headers: spec.headers.map(([n, v]) => [n, cut(v)]), body: spec.body === null ? null : cut(spec.body.toString('latin1')), raw: spec.raw });
}

async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
