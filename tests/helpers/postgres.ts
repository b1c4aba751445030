// A real PostgreSQL server for tests: Debian's binaries, initdb into a temp dir, 127.0.0.1 only on a
// free port, trust auth. PostgreSQL refuses to run as root (CI is root), so then it runs as `nobody`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { removeDir, tmpDir } from './tmp.ts';

const USER = 'inkling';
const UNPRIVILEGED = 'nobody';

export interface TestPostgres {
  /** A new empty database; its postgres:// URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** Where initdb and postgres are: Debian's versioned directory, or the PATH. */
export function postgresBinDir(): string | null {
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    if (fs.existsSync(path.join(debian, version, 'bin/initdb'))) return path.join(debian, version, 'bin');
  }
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return found === '' ? null : path.dirname(fs.realpathSync(found));
}

/**
 * The reason to skip PostgreSQL tests, or false to run them. With CI=true a missing server is a
 * failure (the test runs and reports it), never a skip.
 */
export function skipWithoutPostgres(): string | false {
  if (postgresBinDir() !== null || process.env.CI === 'true') return false;
  console.warn('!!! SKIPPING POSTGRESQL TESTS: initdb not found (apt-get install -y postgresql) !!!');
  return 'PostgreSQL binaries not installed';
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (initdb, postgres)');
  const dir = tmpDir('inkling-postgres-');
  const data = path.join(dir, 'data');
  const command = commandAs(dir, bin);
  const init = spawnSync(...command('initdb', ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']), { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const server = spawn(...command('postgres', ['-D', data, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']), { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const base = `postgres://${USER}@127.0.0.1:${port}`;
  await waitUntilReady(`${base}/postgres`, server, () => log);
  let databases = 0;
  return {
    async createDatabase() {
      const name = `inkling_${++databases}`;
      const admin = new pg.Client({ connectionString: `${base}/postgres` });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return `${base}/${name}`;
    },
    async stop() {
      spawnSync(...command('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']), { stdio: 'ignore' });
      if (server.exitCode === null && server.signalCode === null) await new Promise((resolve) => server.once('exit', resolve));
      removeDir(dir);
    },
  };
}

/** How to run a PostgreSQL tool: directly, or as `nobody` (made owner of `dir`) when we are root. */
function commandAs(dir: string, bin: string): (tool: string, args: string[]) => [string, string[]] {
  if (process.getuid?.() !== 0) return (tool, args) => [path.join(bin, tool), args];
  const id = (flag: string) => Number(spawnSync('id', [flag, UNPRIVILEGED], { encoding: 'utf8' }).stdout.trim());
  fs.chownSync(dir, id('-u'), id('-g'));
  return (tool, args) => ['runuser', ['-u', UNPRIVILEGED, '--', path.join(bin, tool), ...args]];
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  server.kill('SIGKILL');
  throw new Error(`postgres did not accept connections within 30 s:\n${log()}`);
}
