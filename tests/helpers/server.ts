// startServer(): a real Inkling process (`inkling serve`) on 127.0.0.1 with a temp data dir.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { tmpDir, removeDir } from './tmp.ts';
import { callAdmin } from '../../src/admin/channel.ts';
import { runAdminOp } from './admin.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/inkling.js');

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed (for privacy scans). */
  output(): string;
  /** Flushes the writer and returns every stored event (props parsed, ids as strings). */
  events(): Promise<Array<Record<string, unknown>>>;
  /** SIGTERM and wait; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** kill -9. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(opts: { sites?: string[]; env?: Record<string, string>; args?: string[]; dataDir?: string; keepDir?: boolean } = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? tmpDir();
  for (const site of opts.sites ?? []) await runAdminOp(dataDir, 'site.add', { domain: site, timezone: 'UTC' });
  const child = spawn(process.execPath, ['--single-threaded-gc', BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = await waitForUrl(child, () => output);
  const exited = once(child, 'exit').then(([code, signal]) => {
    // An unexpected ending is easier to diagnose with what the server said last.
    if (code !== 0 && !killedOnPurpose) console.error(`inkling serve ended with code ${code} signal ${signal}:\n${output.slice(-4000)}`);
    return code as number | null;
  });
  let killedOnPurpose = false;
  const server: RunningServer = {
    url,
    dataDir,
    process: child,
    output: () => output,
    events: async () => (await callAdmin(dataDir, 'events.list', {})) as Array<Record<string, unknown>>,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killedOnPurpose = true;
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      await server.stop();
      if (!opts.keepDir) removeDir(dataDir);
    },
  };
  return server;
}

async function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /"url":"(http:\/\/[^"]+)"/.exec(output());
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) throw new Error(`inkling serve exited with ${child.exitCode}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`inkling serve did not start within 30 s:\n${output()}`);
}
