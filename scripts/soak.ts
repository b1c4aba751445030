// `npm run soak -- --minutes N [--rate 500] [--new-visitors 0.5] [--every 10]`: a fixed arrival rate of
// varied hits (fresh IPs, UAs and referrers keep every cache evicting), printing the server's RSS, the
// answers' p50/p99 and the cache and queue gauges over time. Memory should level off once the caches are full.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startServer } from '../tests/helpers/server.ts';
import { request } from '../tests/helpers/http.ts';
import { soakHit } from '../tests/helpers/soak-traffic.ts';

const { values } = parseArgs({ options: {
  minutes: { type: 'string', default: '3' }, rate: { type: 'string', default: '500' }, 'new-visitors': { type: 'string', default: '0.5' }, every: { type: 'string', default: '10' },
} });
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const every = Number(values.every) * 1000;
const MAX_IN_FLIGHT = 2_000;

const server = await startServer({ sites: ['soak.example'], args: ['--trust-proxy', '127.0.0.1'] });
const pid = server.process.pid!;
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const gauge = (metrics: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);

let latencies: number[] = [];
let sent = 0;
let failed = 0;
let skipped = 0;
let inFlight = 0;
const failures = new Map<string, number>();
const fail = (kind: string) => {
  failed++;
  failures.set(kind, (failures.get(kind) ?? 0) + 1);
};
console.log(`soak: ${rate} hits/s for ${minutes} min, ${Number(values['new-visitors']) * 100}% from new visitors; server pid ${pid}`);
console.log('  time   sent/s   p50 ms   p99 ms   RSS MB   sessions   queue   spool KB   flush max s   failed   skipped');

const started = Date.now();
const end = started + minutes * 60_000;
let nextSample = started + every;
let n = 0;
// Open loop: hits leave on schedule whatever the answers do, as real traffic would.
while (Date.now() < end) {
  const due = Math.floor(((Date.now() - started) / 1000) * rate);
  for (; n < due; n++) {
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    const hit = soakHit(n, Number(values['new-visitors']));
    const t0 = performance.now();
    inFlight++;
    sent++;
    request(`${server.url}${hit.path}`, hit.options)
      .then((answer) => (answer.status >= 400 ? fail(String(answer.status)) : latencies.push(performance.now() - t0)))
      .catch((error: NodeJS.ErrnoException) => fail(error.code ?? error.message))
      .finally(() => inFlight--);
  }
  if (Date.now() >= nextSample) {
    nextSample += every;
    const metrics = (await request(`${server.url}/metrics`)).body.toString();
    const sorted = latencies.sort((a, b) => a - b);
    const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
    const row = [
      `${Math.round((Date.now() - started) / 1000)}s`.padStart(6), (sent / (every / 1000)).toFixed(0).padStart(8), at(0.5).toFixed(2).padStart(8), at(0.99).toFixed(2).padStart(8),
      rssMb().toFixed(0).padStart(8), String(gauge(metrics, 'inkling_sessions_live')).padStart(10), String(gauge(metrics, 'inkling_writer_queue_events')).padStart(7),
      (gauge(metrics, 'inkling_spool_bytes') / 1024).toFixed(0).padStart(10), gauge(metrics, 'inkling_flush_duration_seconds_max').toFixed(2).padStart(13),
      String(failed).padStart(8), String(skipped).padStart(9),
    ].join(' ');
    console.log(row);
    latencies = [];
    sent = 0;
  }
  await new Promise((r) => setTimeout(r, 5));
}
while (inFlight > 0) await new Promise((r) => setTimeout(r, 50));
const code = await server.stop();
await server.close();
console.log(`soak: done; server exited ${code} after SIGTERM; ${failed} failed ${JSON.stringify(Object.fromEntries(failures))} and ${skipped} skipped hits in total`);
process.exitCode = code === 0 && failed === 0 ? 0 : 1;
