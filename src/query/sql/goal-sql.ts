// Goals and property keys in SQL: the condition an event row meets to complete a goal, and the
// CTEs that expand events into one row per goal completed / property key carried.
import { assertNever, type ExpandingDimension } from '../model.ts';
import { hasWildcard, pathPatternRegex } from '../goals.ts';
import type { GoalSpec } from '../../store/goal-store.ts';
import type { ExprContext } from './columns.ts';

/** True on a row (of `ev` or anything built on it) whose event completes the goal; never NULL. */
export function goalCondition(goal: GoalSpec, ctx: ExprContext): string {
  const { dialect: d, params } = ctx;
  if (goal.kind === 'page') {
    const path = hasWildcard(goal.path) ? d.regexMatch('pathname', params.add(pathPatternRegex(goal.path))) : `pathname = ${params.add(goal.path)}`;
    return `(name = 'pageview' AND coalesce(${path}, false))`;
  }
  const prop = goal.prop ? ` AND coalesce(${d.mapValue('props', params.add(goal.prop.key))} = ${params.add(goal.prop.value)}, false)` : '';
  return `(name = ${params.add(goal.event)}${prop})`;
}

/** True when the event completes any of the goals (false for none). */
export function anyGoalCondition(goals: readonly GoalSpec[], ctx: ExprContext): string {
  return goals.length ? `(${goals.map((g) => goalCondition(g, ctx)).join(' OR ')})` : 'false';
}

/** True when the event carries any of the property keys. */
export function anyPropKeyCondition(keys: readonly string[], ctx: ExprContext): string {
  return `(${keys.map((k) => `${ctx.dialect.mapValue('props', ctx.params.add(k))} IS NOT NULL`).join(' OR ')})`;
}

/** The column an expanding dimension's CTE adds to each row. */
export function expandedColumn(dim: ExpandingDimension): string {
  switch (dim) {
    case 'event:goal':
      return 'goal';
    case 'event:prop_key':
      return 'prop_key';
    default:
      return assertNever(dim);
  }
}

/** A CTE over `source` with one row per (event, goal it completes) or (event, property key). */
export function expandCte(dim: ExpandingDimension, name: string, source: string, ctx: ExprContext): string {
  const column = expandedColumn(dim);
  switch (dim) {
    case 'event:goal': {
      const branches = ctx.goals.map((g) => `SELECT ${source}.*, ${ctx.params.add(g.name)} AS ${column} FROM ${source} WHERE ${goalCondition(g, ctx)}`);
      if (branches.length === 0) branches.push(`SELECT ${source}.*, ${ctx.dialect.nullOf('text')} AS ${column} FROM ${source} WHERE false`);
      return `${name} AS (\n    ${branches.join('\n    UNION ALL\n    ')}\n  )`;
    }
    case 'event:prop_key':
      return `${name} AS (\n    SELECT ${source}.*, ${ctx.dialect.mapKeys('props')} AS ${column} FROM ${source}\n  )`;
    default:
      return assertNever(dim);
  }
}
