// Checks and bounds the event's own fields: name, props, revenue, scroll depth and engaged time.
import { drop } from '../drop.ts';
import type { Step } from '../pipeline.ts';

/** The limits Plausible enforces on custom properties. */
export const MAX_PROPS = 30;
export const MAX_PROP_KEY = 300;
export const MAX_PROP_VALUE = 2000;
export const MAX_NAME = 120;
const MAX_ENGAGED_MS = 24 * 3_600_000;
const MAX_REVENUE = 1e13;

export const checkEventFields: Step = (hit) => {
  const name = hit.name.trim();
  if (name === '' || name.length > MAX_NAME) return drop('invalid');
  return {
    name,
    props: boundProps(hit.props),
    revenue: hit.revenue !== null && Number.isFinite(hit.revenue) && Math.abs(hit.revenue) < MAX_REVENUE ? hit.revenue : null,
    scrollDepth: clampInt(hit.scrollDepth, 0, 100),
    engagedMs: clampInt(hit.engagedMs, 0, MAX_ENGAGED_MS),
  };
};

/** Keeps the first 30 non-empty props; longer keys are dropped, longer values cut. */
function boundProps(props: Record<string, string> | null): Record<string, string> | null {
  if (props === null) return null;
  // No prototype: a prop named __proto__ is kept as data, not swallowed by the setter.
  const kept: Record<string, string> = Object.create(null);
  let count = 0;
  for (const [key, value] of Object.entries(props)) {
    if (count >= MAX_PROPS) break;
    if (key === '' || key.length > MAX_PROP_KEY || value === '') continue;
    kept[key] = value.slice(0, MAX_PROP_VALUE);
    count++;
  }
  return count === 0 ? null : kept;
}

function clampInt(value: number | null, min: number, max: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Math.min(max, Math.max(min, Math.round(value)));
}
