// Filter tree -> SQL boolean. Every leaf is wrapped so it is never NULL: a missing value (NULL)
// does not match `is`/`contains`/`matches` and therefore does match their negations.
import { assertNever, type Dimension, type Filter, type MatchOperator } from '../model.ts';
import { goalsNamed } from '../goals.ts';
import { dimensionExpr, type ExprContext } from './columns.ts';
import { anyGoalCondition, anyPropKeyCondition } from './goal-sql.ts';

export function filterSql(f: Filter, ctx: ExprContext): string {
  switch (f.op) {
    case 'and':
    case 'or':
      return `(${f.filters.map((c) => filterSql(c, ctx)).join(` ${f.op.toUpperCase()} `)})`;
    case 'not':
      return `(NOT ${filterSql(f.filter, ctx)})`;
    case 'has_done':
    case 'has_not_done': {
      // The visit has an event (in the range) matching the inner filter. Rows always carry
      // `visits` when a behaviour filter is present (plan.ts).
      const done = `coalesce(visits.session_id IN (SELECT session_id FROM ev WHERE ${filterSql(f.filter, ctx)}), false)`;
      return f.op === 'has_done' ? done : `(NOT ${done})`;
    }
    default:
      if (f.dimension === 'event:goal') return setLeafSql(f.op, anyGoalCondition(goalsNamed(ctx.goals, f.values), ctx));
      if (f.dimension === 'event:prop_key') return setLeafSql(f.op, anyPropKeyCondition(f.values, ctx));
      return leafSql(f.op, dimensionExpr(f.dimension, ctx), f.values, ctx);
  }
}

/** event:goal and event:prop_key take only is / is_not (validate.ts): membership tests. */
function setLeafSql(op: MatchOperator, condition: string): string {
  return op === 'is_not' ? `(NOT coalesce(${condition}, false))` : `coalesce(${condition}, false)`;
}

function leafSql(op: MatchOperator, expr: string, values: string[], ctx: ExprContext): string {
  const ps = values.map((v) => ctx.params.add(v));
  const any = (test: (p: string) => string) => `coalesce(${ps.map(test).join(' OR ')}, false)`;
  switch (op) {
    case 'is':
      return `coalesce(${expr} IN (${ps.join(', ')}), false)`;
    case 'is_not':
      return `(NOT coalesce(${expr} IN (${ps.join(', ')}), false))`;
    case 'contains':
      return any((p) => ctx.dialect.contains(expr, p));
    case 'contains_not':
      return `(NOT ${any((p) => ctx.dialect.contains(expr, p))})`;
    case 'matches':
      return any((p) => ctx.dialect.regexMatch(expr, p));
    case 'matches_not':
      return `(NOT ${any((p) => ctx.dialect.regexMatch(expr, p))})`;
    default:
      return assertNever(op);
  }
}

/** Every dimension a filter tree mentions. */
export function filterDimensions(f: Filter): Dimension[] {
  switch (f.op) {
    case 'and':
    case 'or':
      return f.filters.flatMap(filterDimensions);
    case 'not':
    case 'has_done':
    case 'has_not_done':
      return filterDimensions(f.filter);
    default:
      return [f.dimension];
  }
}

/** Whether a filter tree holds a has_done / has_not_done behaviour filter. */
export function hasBehaviourFilter(f: Filter): boolean {
  switch (f.op) {
    case 'and':
    case 'or':
      return f.filters.some(hasBehaviourFilter);
    case 'not':
      return hasBehaviourFilter(f.filter);
    case 'has_done':
    case 'has_not_done':
      return true;
    default:
      return false;
  }
}

/** Every regex pattern in a filter tree, with its JSON path (for precise 400s). */
export function filterPatterns(f: Filter, path: string): { pattern: string; path: string }[] {
  switch (f.op) {
    case 'and':
    case 'or':
      return f.filters.flatMap((c, i) => filterPatterns(c, `${path}[1][${i}]`));
    case 'not':
    case 'has_done':
    case 'has_not_done':
      return filterPatterns(f.filter, `${path}[1]`);
    case 'matches':
    case 'matches_not':
      return f.values.map((pattern, i) => ({ pattern, path: `${path}[2][${i}]` }));
    default:
      return [];
  }
}
