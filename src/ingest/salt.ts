// Daily visitor salts: a random 32-byte salt per UTC day; only today's and yesterday's exist.
import type { Logger } from '../log.ts';
import { DAY_MS } from '../lib/time.ts';
import type { SaltPersistence } from '../store/app-data.ts';

export interface SaltDeps {
  now(): number;
  randomBytes(size: number): Buffer;
  persistence: SaltPersistence;
  log: Logger;
  /** Several nodes share the store (PostgreSQL app data): each day's salt is agreed on through it. */
  shared?: boolean;
}

export interface Salts {
  /** Today's salt and, when it still exists, yesterday's (lets a visit continue past midnight). */
  forTime(ts: number): { current: Buffer; previous: Buffer | null };
  /** Drops salts older than yesterday; called on rotation and by a timer. */
  prune(): Promise<void>;
  /** Waits for background saves and prunes, so a clean shutdown keeps today's salt (and today's visits). */
  settle(): Promise<void>;
  /**
   * With a shared store: stores today's and tomorrow's salts unless another node did (then holds
   * theirs). Run at start and hourly, every node holds a day's salt before its first hit, so a
   * visitor gets one visitor_id whichever node the hit reaches. Tomorrow's salt links nothing:
   * it is random and only ever used tomorrow. A no-op for a store of its own.
   */
  sync(): Promise<void>;
}

export function utcDay(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

export async function createSalts(deps: SaltDeps): Promise<Salts> {
  const byDay = new Map<number, Buffer>();
  const saving = new Set<Promise<void>>();
  for (const { day, salt } of await deps.persistence.load()) byDay.set(day, salt);

  // Salts are made in memory on the hot path and persisted in the background, so a
  // hit never waits for the store; a failed save only costs continuity after a restart.
  const ensure = (day: number): Buffer => {
    let salt = byDay.get(day);
    if (!salt) {
      salt = deps.randomBytes(32);
      byDay.set(day, salt);
      // With app data shared by several nodes, the first node to save a day's salt decides it for all:
      // the others adopt it, so one visitor has one visitor_id whichever node gets the hit.
      const save = deps.persistence.save(day, salt).then(
        (kept) => {
          if (byDay.has(day)) byDay.set(day, kept);
        },
        (error: Error) => deps.log.error('salt save failed', { error: error.message }),
      );
      saving.add(save);
      void save.finally(() => saving.delete(save));
      const pruning = prune().catch((error: Error) => deps.log.error('salt prune failed', { error: error.message }));
      saving.add(pruning);
      void pruning.finally(() => saving.delete(pruning));
    }
    return salt;
  };

  const prune = async (): Promise<void> => {
    const keepFrom = utcDay(deps.now()) - 1;
    for (const day of byDay.keys()) if (day < keepFrom) byDay.delete(day);
    await deps.persistence.deleteBefore(keepFrom);
  };

  const sync = async (): Promise<void> => {
    if (!deps.shared) return;
    const today = utcDay(deps.now());
    for (const day of [today, today + 1]) byDay.set(day, await deps.persistence.save(day, byDay.get(day) ?? deps.randomBytes(32)));
  };

  await prune();
  await sync();
  return {
    forTime(ts) {
      const day = utcDay(ts);
      return { current: ensure(day), previous: byDay.get(day - 1) ?? null };
    },
    prune,
    sync,
    async settle() {
      await Promise.all(saving);
    },
  };
}
