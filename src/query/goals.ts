// Goals as the query layer sees them: what an event must be to complete one, as data shared by
// the SQL builder (goal-sql.ts) and the reference. Stored in src/store/goal-store.ts; input parsed in goal-input.ts.
import type { Event } from '../event.ts';
import { invalid } from '../errors.ts';
import type { Filter } from './model.ts';
import type { GoalSpec } from '../store/goal-store.ts';

/** Whether a page path pattern uses wildcards (`*` one segment's characters, `**` anything). */
export function hasWildcard(path: string): boolean {
  return path.includes('*');
}

/**
 * A page path pattern as an anchored regular expression that means the same in RE2 and in
 * JavaScript: `**` is any characters, `*` any characters but `/`, everything else literal.
 */
export function pathPatternRegex(path: string): string {
  const parts = path.split('**').map((chunk) => chunk.split('*').map(escapeRegex).join('[^/]*'));
  return `^${parts.join('.*')}$`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The reference's test: does this (non-engagement) event complete the goal? */
export function completesGoal(goal: GoalSpec, e: Pick<Event, 'name' | 'pathname' | 'props'>): boolean {
  if (goal.kind === 'page') {
    if (e.name !== 'pageview' || e.pathname === null) return false;
    return hasWildcard(goal.path) ? new RegExp(pathPatternRegex(goal.path)).test(e.pathname) : e.pathname === goal.path;
  }
  if (e.name !== goal.event) return false;
  if (!goal.prop) return true;
  return e.props !== null && Object.hasOwn(e.props, goal.prop.key) && e.props[goal.prop.key] === goal.prop.value;
}

/** The goals an event:goal filter leaf names (is / is_not list goal names). */
export function goalsNamed(goals: readonly GoalSpec[], names: readonly string[]): GoalSpec[] {
  return goals.filter((g) => names.includes(g.name));
}

/** A filter naming a goal the site does not have is a 400 that says so (as Plausible does). */
export function checkGoalFilters(filters: readonly Filter[], goals: readonly GoalSpec[]): void {
  const known = new Set(goals.map((g) => g.name));
  const walk = (f: Filter, path: string): void => {
    switch (f.op) {
      case 'and':
      case 'or':
        return f.filters.forEach((c, i) => walk(c, `${path}[1][${i}]`));
      case 'not':
      case 'has_done':
      case 'has_not_done':
        return walk(f.filter, `${path}[1]`);
      default: {
        if (f.dimension !== 'event:goal') return;
        const i = f.values.findIndex((v) => !known.has(v));
        if (i >= 0) throw invalid(`${path}[2][${i}]`, `the site has no goal named ${JSON.stringify(f.values[i])}`);
      }
    }
  };
  filters.forEach((f, i) => walk(f, `filters[${i}]`));
}
