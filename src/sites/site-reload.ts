// With app data shared by several nodes (PostgreSQL), a site may be added, changed or removed on
// another node: each node reloads its hot-path registry from the store every few seconds.
import type { Logger } from '../log.ts';
import type { Db } from '../store/duckdb.ts';
import { listSiteSettings } from '../store/site-settings.ts';
import { siteForRegistry, type SiteRegistry } from './registry.ts';

export const SITE_RELOAD_MS = 5_000;

export function startSiteReload(db: Db, sites: SiteRegistry, log: Logger): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        sites.replaceAll((await listSiteSettings(db)).map(siteForRegistry));
      } catch (error) {
        // The registry keeps the last sites it read; the next reload tries again.
        log.error('site reload failed', { error: (error as Error).message });
      }
    });
  }, SITE_RELOAD_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
