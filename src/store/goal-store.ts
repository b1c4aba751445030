// The goals table: list, create and delete a site's goals. Portable SQL ($n parameters).
import { randomBytes } from 'node:crypto';
import type { Db } from './duckdb.ts';

/** A page goal matches pageviews by path; an event goal matches custom events by name (and a property). */
export type GoalSpec =
  | { kind: 'page'; name: string; path: string }
  | { kind: 'event'; name: string; event: string; prop: { key: string; value: string } | null };

/** A goal as defined: its checked spec plus, on revenue goals, a currency. */
export interface GoalDefinition {
  spec: GoalSpec;
  /** Set on revenue goals: the currency their `revenue` amounts are in (ISO 4217). */
  currency: string | null;
}

export interface Goal extends GoalDefinition {
  id: string;
  site: string;
}

interface GoalRow extends Record<string, unknown> {
  id: string;
  site: string;
  name: string;
  kind: string;
  page_path: string | null;
  event_name: string | null;
  prop_key: string | null;
  prop_value: string | null;
  currency: string | null;
}

function fromRow(r: GoalRow): Goal {
  const prop = r.prop_key !== null && r.prop_value !== null ? { key: r.prop_key, value: r.prop_value } : null;
  const spec: GoalSpec = r.kind === 'page' ? { kind: 'page', name: r.name, path: r.page_path ?? '' } : { kind: 'event', name: r.name, event: r.event_name ?? '', prop };
  return { id: r.id, site: r.site, spec, currency: r.currency };
}

/** A site's goals, oldest first. */
export async function listGoals(db: Db, site: string): Promise<Goal[]> {
  const rows = await db.all<GoalRow>('SELECT id, site, name, kind, page_path, event_name, prop_key, prop_value, currency FROM goals WHERE site = $1 ORDER BY created_at, id', [site]);
  return rows.map(fromRow);
}

export async function loadGoalSpecs(db: Db, site: string): Promise<GoalSpec[]> {
  return (await listGoals(db, site)).map((g) => g.spec);
}

/** Creates the goal; null when the site already has a goal of that name. */
export async function createGoal(db: Db, site: string, def: GoalDefinition, random: (n: number) => Buffer = randomBytes): Promise<Goal | null> {
  const taken = await db.all('SELECT 1 FROM goals WHERE site = $1 AND name = $2', [site, def.spec.name]);
  if (taken.length > 0) return null;
  const id = `g_${random(6).toString('hex')}`;
  const { spec } = def;
  const page = spec.kind === 'page' ? spec.path : null;
  const event = spec.kind === 'event' ? spec.event : null;
  const prop = spec.kind === 'event' ? spec.prop : null;
  await db.run(
    'INSERT INTO goals (id, site, name, kind, page_path, event_name, prop_key, prop_value, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [id, site, spec.name, spec.kind, page, event, prop?.key ?? null, prop?.value ?? null, def.currency],
  );
  return { id, site, spec, currency: def.currency };
}

/** Deletes one goal of the site; whether it existed. */
export async function deleteGoal(db: Db, site: string, id: string): Promise<boolean> {
  const found = await db.all('SELECT 1 FROM goals WHERE site = $1 AND id = $2', [site, id]);
  if (found.length === 0) return false;
  await db.run('DELETE FROM goals WHERE site = $1 AND id = $2', [site, id]);
  return true;
}

/** The goal as the API shows it. */
export function goalJson(g: Goal): Record<string, unknown> {
  const { spec } = g;
  return {
    id: g.id,
    name: spec.name,
    type: spec.kind,
    ...(spec.kind === 'page' ? { page_path: spec.path } : { event_name: spec.event, ...(spec.prop ? { property: spec.prop } : {}) }),
    currency: g.currency,
  };
}
