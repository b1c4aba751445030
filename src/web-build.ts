// Builds the dashboard (web/) with Vite's JS API when its output is missing or older than its
// sources, so `npm start` always serves the current dashboard. Several servers may start at
// once (the test suite does): a lock file lets one build while the others wait, and the
// output is built aside and swapped in, so nobody serves a half-written directory.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './log.ts';

export const WEB_ROOT = path.resolve(import.meta.dirname, '../web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
const SOURCES = ['src', 'tools', 'index.html', 'vite.config.ts'];
const LOCK_WAIT_MS = 120_000;
/** A lock older than this is from a build that died. */
const LOCK_STALE_MS = 120_000;

export async function ensureWebBuild(distDir: string, log: Logger): Promise<void> {
  if (isFresh(distDir)) return;
  const lock = `${distDir}.lock`;
  await acquire(lock);
  try {
    // Another process may have built it while this one waited.
    if (isFresh(distDir)) return;
    const started = Date.now();
    await buildInto(distDir);
    log.info('dashboard built', { ms: Date.now() - started, dir: distDir });
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The newest modification time under the dashboard's sources. */
function newestSource(): number {
  let newest = 0;
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const s of SOURCES) visit(path.join(WEB_ROOT, s));
  return newest;
}

export function isFresh(distDir: string): boolean {
  const built = fs.statSync(path.join(distDir, 'index.html'), { throwIfNoEntry: false });
  if (!built) return false;
  // Installed without the sources (a packaged build): what is there is what there is.
  if (!fs.existsSync(path.join(WEB_ROOT, 'src'))) return true;
  return built.mtimeMs >= newestSource();
}

async function buildInto(distDir: string): Promise<void> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error(`The dashboard in ${distDir} is missing or stale and Vite is not installed: run \`npm ci\` (with dev dependencies) and \`npm run build:web\`.`);
  }
  const staging = `${distDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await vite.build({
    configFile: path.join(WEB_ROOT, 'vite.config.ts'),
    root: WEB_ROOT,
    logLevel: 'warn',
    build: { outDir: staging, emptyOutDir: true },
  });
  // Rename is atomic per directory: the old output moves aside, the new one takes its place.
  const old = `${distDir}.old-${process.pid}`;
  if (fs.existsSync(distDir)) fs.renameSync(distDir, old);
  fs.renameSync(staging, distDir);
  fs.rmSync(old, { recursive: true, force: true });
}

async function acquire(lock: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isStale(lock)) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another dashboard build (${lock}); remove the file if no build is running.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isStale(lock: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) return true;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: the holder is gone. A vanished lock file also means "try again".
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}
