// A goal as clients write it (API body, inline funnel step) -> a checked GoalSpec plus currency.
import { invalid } from '../errors.ts';
import type { GoalDefinition } from '../store/goal-store.ts';
import * as s from './schema.ts';

/** Names the tracker itself sends: they are not custom events a goal could mean. */
const RESERVED_EVENTS = ['pageview', 'engagement'];

export const goalInputSchema = s.named('GoalInput', () =>
  s.object(
    {
      name: s.optional(s.string({ minLength: 1, maxLength: 120, description: 'Shown in reports; defaults to "Visit <path>" or the event name.' })),
      page_path: s.optional(
        s.string({ minLength: 1, maxLength: 2000, pattern: /^\//, description: 'A pageview goal: a path; `*` matches within one segment, `**` across segments.' }),
      ),
      event_name: s.optional(s.string({ minLength: 1, maxLength: 500, description: 'A custom event goal: the event name.' })),
      property: s.optional(
        s.object(
          { key: s.string({ minLength: 1, maxLength: 300 }), value: s.string({ minLength: 1, maxLength: 2000 }) },
          { description: 'Only events whose custom property `key` equals `value`.' },
        ),
      ),
      currency: s.optional(s.string({ pattern: /^[A-Z]{3}$/, description: 'A revenue goal: the ISO 4217 currency of its revenue amounts.' })),
    },
    { description: 'A goal: exactly one of page_path or event_name.' },
  ),
);

export function parseGoalInput(input: unknown, path: string): GoalDefinition {
  const raw = goalInputSchema.parse(input, path);
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if ((raw.page_path === undefined) === (raw.event_name === undefined)) throw invalid(path, 'give exactly one of page_path (a pageview goal) or event_name (a custom event goal)');
  if (raw.page_path !== undefined) {
    if (raw.property) throw invalid(at('property'), 'only custom event goals can be restricted to a property value');
    if (raw.currency) throw invalid(at('currency'), 'only custom event goals can be revenue goals');
    return { spec: { kind: 'page', name: raw.name ?? `Visit ${raw.page_path}`, path: raw.page_path }, currency: null };
  }
  const event = raw.event_name!;
  if (RESERVED_EVENTS.includes(event)) throw invalid(at('event_name'), `"${event}" is recorded by the tracker itself; use page_path for pageview goals`);
  const prop = raw.property ?? null;
  const name = raw.name ?? (prop ? `${event}: ${prop.key}=${prop.value}` : event);
  return { spec: { kind: 'event', name, event, prop }, currency: raw.currency ?? null };
}
