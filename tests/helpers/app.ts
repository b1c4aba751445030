// makeApp(): a real Inkling (real DuckDB file in a temp dir) built in-process, for inject() tests.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startInkling } from '../../src/server.ts';
import type { Db } from '../../src/store/duckdb.ts';
import { tmpDir, removeDir } from './tmp.ts';

export interface TestClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.parse('2026-06-15T12:00:00Z')): TestClock {
  let now = start;
  return { now: () => now, set: (ms) => (now = ms), advance: (ms) => (now += ms) };
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  dataDir: string;
  clock: TestClock;
  flush(): Promise<void>;
  /** The one-time setup token while no user exists. */
  setupToken: string | null;
  /** The admin operations the CLI uses (user.add, site.settings...). */
  admin: Awaited<ReturnType<typeof startInkling>>['admin'];
  /** Adds a site through the same admin operation the CLI uses. */
  addSite(domain: string, timezone?: string): Promise<void>;
  close(): Promise<void>;
}

export async function makeApp(opts: { sites?: string[]; env?: Record<string, string>; clock?: TestClock; dataDir?: string; keepDir?: boolean; onRoute?: (route: RouteOptions) => void } = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? tmpDir();
  const clock = opts.clock ?? testClock();
  const config = loadConfig(['--data', dataDir], { INKLING_FLUSH_INTERVAL_MS: '1000', ...opts.env });
  const inkling = await startInkling(config, { log: silentLogger, clock, listen: false, ...(opts.onRoute ? { onRoute: opts.onRoute } : {}) });
  const addSite = async (domain: string, timezone = 'UTC') => {
    await inkling.admin['site.add']!({ domain, timezone });
  };
  for (const site of opts.sites ?? []) await addSite(site);
  return {
    app: inkling.app,
    db: inkling.db,
    dataDir,
    clock,
    setupToken: inkling.setupToken,
    admin: inkling.admin,
    flush: () => inkling.writer.flush(),
    addSite,
    async close() {
      await inkling.close();
      if (!opts.keepDir) removeDir(dataDir);
    },
  };
}
