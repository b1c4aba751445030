// Crash-loss harness: sequence-numbered events under load, `kill -9` mid-flight, restart, and an
// exact account of acknowledged vs stored events. Used by the crash test and `npm run crash`.
import { startServer } from './server.ts';
import { request } from './http.ts';
import { tmpDir, removeDir } from './tmp.ts';

export interface CrashReport {
  rounds: number;
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
}

export async function crashRun(opts: { rounds: number; loadMs: number; concurrency: number; log?: (line: string) => void }): Promise<CrashReport> {
  const dataDir = tmpDir('inkling-crash-');
  const acked = new Set<number>();
  let seq = 0;
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      // Sustained load from one address: the default rate limit would drop most of it.
      const server = await startServer({ dataDir, keepDir: true, sites: round === 1 ? ['crash.test'] : [], args: ['--rate-limit', 'off'] });
      const stopAt = Date.now() + opts.loadMs;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const n = ++seq;
          const body = JSON.stringify({ n: 'pageview', u: `https://crash.test/p/${n % 50}`, d: 'crash.test', p: { seq: String(n) } });
          try {
            const answer = await request(`${server.url}/api/event`, { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': `Mozilla/5.0 Crash/${n % 97}` }, body });
            if (answer.status === 202 && answer.headers['x-inkling-dropped'] === undefined) acked.add(n);
          } catch {
            // The process died mid-request: this event was never acknowledged.
          }
          if (Date.now() >= stopAt && !killed) {
            killed = true;
            await server.kill();
          }
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency }, worker));
      opts.log?.(`round ${round}: killed with -9 after ${acked.size} acknowledged events so far`);
    }
    const server = await startServer({ dataDir, keepDir: true });
    const events = await server.events();
    await server.stop();
    const counts = new Map<number, number>();
    for (const event of events) {
      const n = Number((event.props as Record<string, string> | null)?.seq);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const lost = [...acked].filter((n) => !counts.has(n)).length;
    const duplicated = [...counts.values()].filter((c) => c > 1).length;
    return { rounds: opts.rounds, acknowledged: acked.size, stored: events.length, lost, duplicated };
  } finally {
    removeDir(dataDir);
  }
}
