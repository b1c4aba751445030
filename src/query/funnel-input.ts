// The POST /api/v2/funnel body -> a FunnelQuery: steps are goal ids of the site, inline goals,
// or a saved funnel's steps.
import { invalid } from '../errors.ts';
import { MAX_FUNNEL_STEPS, MIN_FUNNEL_STEPS, type FunnelQuery } from './funnel.ts';
import { dateRangeSchema, dateSchema, filterSchema } from './query-schema.ts';
import * as s from './schema.ts';
import type { Goal, GoalSpec } from '../store/goal-store.ts';
import { goalInputSchema, parseGoalInput } from './goal-input.ts';
import type { SavedFunnel } from '../store/saved-store.ts';

/** A week: a visit never lasts longer in practice, and a bigger window means "the visit". */
export const MAX_WINDOW_SECONDS = 7 * 86_400;

const stepSchema: s.Schema<unknown> = s.named('FunnelStep', () => ({
  parse: (input) => input,
  json: (defs) => ({ oneOf: [{ type: 'string', description: 'A goal id of the site.' }, goalInputSchema.json(defs)] }),
}));

export const funnelJsonSchema = s.named('FunnelQuery', () =>
  s.object(
    {
      site_id: s.string({ minLength: 1, maxLength: 255 }),
      date_range: dateRangeSchema,
      date: s.optional(dateSchema),
      filters: s.optional(s.array(filterSchema, { maxItems: 50, description: 'Choose the visits (AND-ed): a visit is in when any of its events matches.' })),
      steps: s.optional(s.array(stepSchema, { minItems: MIN_FUNNEL_STEPS, maxItems: MAX_FUNNEL_STEPS, description: 'Goal ids or inline goals, in order.' })),
      funnel_id: s.optional(s.string({ minLength: 1, maxLength: 64, description: 'A saved funnel, instead of steps.' })),
      window_seconds: s.optional(s.integer({ minimum: 1, maximum: MAX_WINDOW_SECONDS, description: 'Every later step within this many seconds of the first.' })),
    },
    { description: 'A funnel: 2 to 8 goals completed in order within a visit.' },
  ),
);

export interface FunnelSources {
  goals: readonly Goal[];
  funnels: readonly SavedFunnel[];
}

export function parseFunnelBody(input: unknown, sources: FunnelSources): FunnelQuery {
  const raw = funnelJsonSchema.parse(input, '');
  if ((raw.steps === undefined) === (raw.funnel_id === undefined)) throw invalid('', 'give exactly one of steps or funnel_id');
  let steps: GoalSpec[];
  let windowSeconds = raw.window_seconds ?? null;
  if (raw.funnel_id !== undefined) {
    const saved = sources.funnels.find((f) => f.id === raw.funnel_id);
    if (!saved) throw invalid('funnel_id', `the site has no saved funnel "${raw.funnel_id}"`);
    steps = saved.steps.map((id, i) => goalById(sources.goals, id, `funnel_id (step ${i + 1})`));
    windowSeconds = raw.window_seconds ?? saved.windowSeconds;
  } else {
    steps = raw.steps!.map((step, i) => (typeof step === 'string' ? goalById(sources.goals, step, `steps[${i}]`) : parseGoalInput(step, `steps[${i}]`).spec));
  }
  return { site: raw.site_id, dateRange: raw.date_range, date: raw.date ?? null, filters: raw.filters ?? [], steps, windowSeconds };
}

export function goalById(goals: readonly Goal[], id: string, path: string): GoalSpec {
  const goal = goals.find((g) => g.id === id);
  if (!goal) throw invalid(path, `the site has no goal with id ${JSON.stringify(id.slice(0, 64))}`);
  return goal.spec;
}
