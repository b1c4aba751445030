// Daily visitor salts: a random 32-byte salt per UTC day; only today's and yesterday's exist.
import type { Logger } from '../log.ts';

export const DAY_MS = 86_400_000;

export interface SaltPersistence {
  load(): Promise<Array<{ day: number; salt: Buffer }>>;
  save(day: number, salt: Buffer): Promise<void>;
  /** Deletes every salt older than `day`. */
  deleteBefore(day: number): Promise<void>;
}

export interface SaltDeps {
  now(): number;
  randomBytes(size: number): Buffer;
  persistence: SaltPersistence;
  log: Logger;
}

export interface Salts {
  /** Today's salt and, when it still exists, yesterday's (lets a visit continue past midnight). */
  forTime(ts: number): { current: Buffer; previous: Buffer | null };
  /** Drops salts older than yesterday; called on rotation and by a timer. */
  prune(): Promise<void>;
  /** Waits for background saves and prunes, so a clean shutdown keeps today's salt (and today's visits). */
  settle(): Promise<void>;
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
      const save = deps.persistence.save(day, salt).catch((error: Error) => deps.log.error('salt save failed', { error: error.message }));
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

  await prune();
  return {
    forTime(ts) {
      const day = utcDay(ts);
      return { current: ensure(day), previous: byDay.get(day - 1) ?? null };
    },
    prune,
    async settle() {
      await Promise.all(saving);
    },
  };
}
