// Filter tree -> SQL boolean. Every leaf is wrapped so it is never NULL: a missing value (NULL)
// does not match `is`/`contains`/`matches` and therefore does match their negations.
import { assertNever, type Dimension, type Filter, type MatchOperator } from '../model.ts';
import { dimensionExpr, type ExprContext } from './columns.ts';

export function filterSql(f: Filter, ctx: ExprContext): string {
  switch (f.op) {
    case 'and':
    case 'or':
      return `(${f.filters.map((c) => filterSql(c, ctx)).join(` ${f.op.toUpperCase()} `)})`;
    case 'not':
      return `(NOT ${filterSql(f.filter, ctx)})`;
    default:
      return leafSql(f.op, dimensionExpr(f.dimension, ctx), f.values, ctx);
  }
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
      return filterDimensions(f.filter);
    default:
      return [f.dimension];
  }
}

/** Every regex pattern in a filter tree, with its JSON path (for precise 400s). */
export function filterPatterns(f: Filter, path: string): { pattern: string; path: string }[] {
  switch (f.op) {
    case 'and':
    case 'or':
      return f.filters.flatMap((c, i) => filterPatterns(c, `${path}[1][${i}]`));
    case 'not':
      return filterPatterns(f.filter, `${path}[1]`);
    case 'matches':
    case 'matches_not':
      return f.values.map((pattern, i) => ({ pattern, path: `${path}[2][${i}]` }));
    default:
      return [];
  }
}
