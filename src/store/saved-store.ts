// Saved segments (named filter sets) and saved funnels (named goal sequences) per site.
// List-valued fields are JSON text, so the SQL stays portable to PostgreSQL.
import { randomBytes } from 'node:crypto';
import type { Db } from './duckdb.ts';

export interface Segment {
  id: string;
  name: string;
  /** Filters in the Stats API's JSON form. */
  filters: unknown[];
}

export interface SavedFunnel {
  id: string;
  name: string;
  /** Goal ids, in order. */
  steps: string[];
  windowSeconds: number | null;
}

type Random = (n: number) => Buffer;

export async function listSegments(db: Db, site: string): Promise<Segment[]> {
  const rows = await db.all<{ id: string; name: string; filters: string }>('SELECT id, name, filters FROM segments WHERE site = $1 ORDER BY created_at, id', [site]);
  return rows.map((r) => ({ id: r.id, name: r.name, filters: JSON.parse(r.filters) as unknown[] }));
}

/** Null when the site already has a segment of that name. */
export async function createSegment(db: Db, site: string, seg: Omit<Segment, 'id'>, random: Random = randomBytes): Promise<Segment | null> {
  if (await nameTaken(db, 'segments', site, seg.name)) return null;
  const id = `s_${random(6).toString('hex')}`;
  await db.run('INSERT INTO segments (id, site, name, filters) VALUES ($1, $2, $3, $4)', [id, site, seg.name, JSON.stringify(seg.filters)]);
  return { id, ...seg };
}

export async function listFunnels(db: Db, site: string): Promise<SavedFunnel[]> {
  const rows = await db.all<{ id: string; name: string; steps: string; window_seconds: number | null }>(
    'SELECT id, name, steps, window_seconds FROM funnels WHERE site = $1 ORDER BY created_at, id',
    [site],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, steps: JSON.parse(r.steps) as string[], windowSeconds: r.window_seconds }));
}

/** Null when the site already has a funnel of that name. */
export async function createFunnel(db: Db, site: string, funnel: Omit<SavedFunnel, 'id'>, random: Random = randomBytes): Promise<SavedFunnel | null> {
  if (await nameTaken(db, 'funnels', site, funnel.name)) return null;
  const id = `f_${random(6).toString('hex')}`;
  await db.run('INSERT INTO funnels (id, site, name, steps, window_seconds) VALUES ($1, $2, $3, $4, $5)', [id, site, funnel.name, JSON.stringify(funnel.steps), funnel.windowSeconds]);
  return { id, ...funnel };
}

/** Deletes one saved segment or funnel of the site; whether it existed. */
export async function deleteSaved(db: Db, table: 'segments' | 'funnels', site: string, id: string): Promise<boolean> {
  const found = await db.all(`SELECT 1 FROM ${table} WHERE site = $1 AND id = $2`, [site, id]);
  if (found.length === 0) return false;
  await db.run(`DELETE FROM ${table} WHERE site = $1 AND id = $2`, [site, id]);
  return true;
}

async function nameTaken(db: Db, table: 'segments' | 'funnels', site: string, name: string): Promise<boolean> {
  return (await db.all(`SELECT 1 FROM ${table} WHERE site = $1 AND name = $2`, [site, name])).length > 0;
}

/** A removed site takes its goals, funnels and segments with it. */
export async function deleteSiteGoalData(db: Db, site: string): Promise<void> {
  for (const table of ['goals', 'funnels', 'segments']) await db.run(`DELETE FROM ${table} WHERE site = $1`, [site]);
}
