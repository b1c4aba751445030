// `npm run bench:ingest`: Inkling's collect endpoints vs a bare node:http GIF server, same run,
// same varied traffic, driven by wrk. Prints medians and the ratio; never fails on a time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { wrkScript } from './wrk-script.ts';
import { startServer } from '../tests/helpers/server.ts';
import { openDuckDb } from '../src/store/duckdb.ts';
import { tmpDir, removeDir } from '../tests/helpers/tmp.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, runs: { type: 'string', default: '5' }, connections: { type: 'string', default: '64' } } });
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);
const CONNECTIONS = Number(values.connections);

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench:ingest needs wrk (apt-get install -y wrk)');
  process.exit(1);
}

interface WrkResult { rps: number; p50: number; p99: number; requests: number; errors: number; cpuUsPerRequest: number; mainUsPerRequest: number }

/**
 * CPU seconds (user + system) used so far, from /proc: immune to how busy the box is. The whole
 * process, or (`/task/<pid>`) only its main thread: the event loop that answers every hit, where
 * DuckDB's own threads (which store the events) do not count.
 */
function cpuSeconds(pid: number, mainThreadOnly = false): number {
  const file = mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  const fields = fs.readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function measure(url: string, script: string, seconds: number, pid: number): WrkResult {
  const before = cpuSeconds(pid);
  const mainBefore = cpuSeconds(pid, true);
  const result = runWrk(url, script, seconds);
  const perRequest = (cpu: number) => (cpu / result.requests) * 1e6;
  return { ...result, cpuUsPerRequest: perRequest(cpuSeconds(pid) - before), mainUsPerRequest: perRequest(cpuSeconds(pid, true) - mainBefore) };
}

function runWrk(url: string, script: string, seconds: number): Omit<WrkResult, 'cpuUsPerRequest' | 'mainUsPerRequest'> {
  const out = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, url], { encoding: 'utf8' }).stdout;
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: ms('50'),
    p99: ms('99'),
    requests: Number(/(\d+) requests in/.exec(out)?.[1]),
    errors: Number(errors?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}

async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-gif-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()).url)));
  return { url, child };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const work = tmpDir('inkling-bench-');
  const script = path.join(work, 'hits.lua');
  fs.writeFileSync(script, wrkScript('bench.example'));
  const bare = await startBare();
  // wrk cycles through 2,000 hits, so each simulated visitor repeats far faster than a person:
  // the per-visitor rate limit would drop most of them.
  const inkling = await startServer({ sites: ['bench.example'], args: ['--trust-proxy', '127.0.0.1', '--rate-limit', 'off'], keepDir: true });
  const results = { bare: [] as WrkResult[], inkling: [] as WrkResult[] };
  // Storage runs at background priority (src/lib/background-priority.ts): whether it kept
  // pace is part of the result, not something left for the shutdown to catch up on.
  const backlogs: number[] = [];
  try {
    runWrk(bare.url, script, 2);
    runWrk(inkling.url, script, 2); // warm-up: JIT, caches, first salts
    for (let run = 0; run < RUNS; run++) {
      results.bare.push(measure(bare.url, script, SECONDS, bare.child.pid!));
      results.inkling.push(measure(inkling.url, script, SECONDS, inkling.process.pid!));
      const { accepted, stored } = await storeProgress(inkling.url);
      backlogs.push(accepted - stored);
      // The next bare run gets a quiet machine, not Inkling's storage catching up.
      const drainMs = await drained(inkling.url);
      console.log(`run ${run + 1}: bare ${results.bare.at(-1)!.rps.toFixed(0)} req/s, inkling ${results.inkling.at(-1)!.rps.toFixed(0)} req/s; ${accepted - stored} events not yet stored as the run ended, all stored ${drainMs.toFixed(0)} ms later`);
    }
    const { accepted } = await storeProgress(inkling.url);
    const exit = await inkling.stop();
    const db = await openDuckDb(path.join(inkling.dataDir, 'inkling.duckdb'));
    const [row] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM events');
    await db.close();
    report(results, accepted, Number(row?.n), exit, backlogs);
  } finally {
    bare.child.kill('SIGTERM');
    await inkling.kill();
    removeDir(inkling.dataDir);
    removeDir(work);
  }
}

/** Hits accepted and events stored so far, from the server's /metrics. */
async function storeProgress(url: string): Promise<{ accepted: number; stored: number }> {
  // A fresh connection each time: a kept-alive one may have timed out during the run.
  const metrics = await new Promise<string>((resolve, reject) => {
    http.get(`${url}/metrics`, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    }).on('error', reject);
  });
  const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1]);
  return { accepted: counter('inkling_hits_accepted_total'), stored: counter('inkling_events_stored_total') };
}

/** Waits until every accepted hit is stored; returns how long that took. */
async function drained(url: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { accepted, stored } = await storeProgress(url);
    if (stored >= accepted || performance.now() - started > 60_000) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function report(results: { bare: WrkResult[]; inkling: WrkResult[] }, accepted: number, stored: number, exit: number | null, backlogs: number[]) {
  const summary = (rs: WrkResult[]) => ({
    rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), cpu: median(rs.map((r) => r.cpuUsPerRequest)), main: median(rs.map((r) => r.mainUsPerRequest)),
  });
  const b = summary(results.bare);
  const k = summary(results.inkling);
  const errors = results.inkling.reduce((a, r) => a + r.errors, 0);
  console.log(`\nbench:ingest  wrk -t1 -c${CONNECTIONS}, ${RUNS} x ${SECONDS}s each, median of runs, varied UAs/IPs/paths/referrers, 50% pixel GET / 50% event POST`);
  const cpu = (r: typeof b) => `server CPU ${r.cpu.toFixed(1)} us/req (event loop ${r.main.toFixed(1)})`;
  console.log(`  bare node:http GIF  ${b.rps.toFixed(0).padStart(7)} req/s   p50 ${b.p50.toFixed(2)} ms   p99 ${b.p99.toFixed(2)} ms   ${cpu(b)}`);
  console.log(`  inkling collect     ${k.rps.toFixed(0).padStart(7)} req/s   p50 ${k.p50.toFixed(2)} ms   p99 ${k.p99.toFixed(2)} ms   ${cpu(k)}   non-2xx/socket errors ${errors}`);
  console.log(`  ratio inkling/bare  ${((k.rps / b.rps) * 100).toFixed(1)} % of throughput; bare/inkling CPU per request ${((b.cpu / k.cpu) * 100).toFixed(1)} %, event loop ${((b.main / k.main) * 100).toFixed(1)} %   (target >= 50 %, p99 < 10 ms)`);
  console.log(`  load average during the run: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (2 cores; above ~2 the figures are noisy)`);
  const seconds = backlogs.map((n) => (n / k.rps).toFixed(2)).join(', ');
  console.log(`  storage pace        not yet stored when a run ended: ${backlogs.join(', ')} events (${seconds} s of load at the median rate; a segment is stored every second or 15,000 events by default)`);
  console.log(`  durability          accepted ${accepted}, stored after SIGTERM ${stored}, exit ${exit} -> ${accepted === stored ? 'all accepted events stored' : 'MISMATCH'}`);
}

await main();
