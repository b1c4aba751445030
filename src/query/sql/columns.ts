// Dimension -> SQL expression, by exhaustive switches. Event dimensions read the event row;
// visit dimensions read columns of the `visits` CTE (v_*), derived from the visit's events.
import {
  assertNever,
  dimensionScope,
  isPropDimension,
  isTimeDimension,
  propKey,
  timeUnitOf,
  type Dimension,
  type SimpleDimension,
} from '../model.ts';
import type { GoalSpec } from '../../store/goal-store.ts';
import type { OffsetSpan } from '../zone-offsets.ts';
import type { Dialect } from './dialect.ts';
import type { Params } from './params.ts';
import { expandedColumn } from './goal-sql.ts';
import { bucketKeyExpr, bucketLabelExpr } from './time-buckets.ts';

export type VisitDimension = Extract<SimpleDimension, `visit:${string}`>;

export interface ExprContext {
  dialect: Dialect;
  params: Params;
  /** The site zone's offsets over the queried range. */
  spans: OffsetSpan[];
  /** The site's goals (event:goal). */
  goals: readonly GoalSpec[];
}

/** The v_* column of `visits` that holds a visit dimension. */
export function visitColumn(d: VisitDimension): string {
  return `v_${d.slice('visit:'.length)}`;
}

/** The aggregate over a visit's events (grouped by session_id) that computes a visit dimension. */
export function visitAggregate(d: VisitDimension, dialect: Dialect): string {
  const first = (col: string) => dialect.firstBy(col);
  switch (d) {
    case 'visit:entry_page':
      return dialect.firstWhere('pathname', `name = 'pageview'`);
    case 'visit:exit_page':
      return dialect.lastWhere('pathname', `name = 'pageview'`);
    case 'visit:screen':
      return first(dialect.screenLabel('screen_width', 'screen_height'));
    case 'visit:source':
    case 'visit:referrer':
    case 'visit:channel':
    case 'visit:utm_source':
    case 'visit:utm_medium':
    case 'visit:utm_campaign':
    case 'visit:utm_content':
    case 'visit:utm_term':
    case 'visit:country':
    case 'visit:region':
    case 'visit:city':
    case 'visit:browser':
    case 'visit:browser_version':
    case 'visit:os':
    case 'visit:os_version':
    case 'visit:device':
      return first(d.slice('visit:'.length));
    default:
      return assertNever(d);
  }
}

/** Event columns a visit dimension's aggregate reads. */
export function visitSourceColumns(d: VisitDimension): string[] {
  switch (d) {
    case 'visit:entry_page':
    case 'visit:exit_page':
      return ['pathname'];
    case 'visit:screen':
      return ['screen_width', 'screen_height'];
    default:
      return [d.slice('visit:'.length)];
  }
}

/** Event columns an event dimension reads. */
export function eventSourceColumns(d: Dimension): string[] {
  if (isPropDimension(d)) return ['props'];
  switch (d) {
    case 'event:page':
      return ['pathname'];
    case 'event:hostname':
      return ['hostname'];
    case 'event:name':
      return ['name'];
    case 'event:goal':
      return ['pathname', 'props'];
    case 'event:prop_key':
      return ['props'];
    default:
      return [];
  }
}

/**
 * A dimension's value on a row of the joined (event + visit) relation: its label, or for time
 * dimensions with `key` its grouping key. `timeColumn` is `ts` for event-level bucketing or
 * `v_start` when visits are bucketed by their start.
 */
export function dimensionExpr(d: Dimension, ctx: ExprContext, opts: { timeColumn?: string; key?: boolean } = {}): string {
  if (isPropDimension(d)) return ctx.dialect.mapValue('props', ctx.params.add(propKey(d)));
  if (isTimeDimension(d)) {
    const make = opts.key ? bucketKeyExpr : bucketLabelExpr;
    return make(timeUnitOf(d), opts.timeColumn ?? 'ts', ctx.spans, ctx.dialect, ctx.params);
  }
  switch (d) {
    case 'event:page':
      return 'pathname';
    case 'event:hostname':
      return 'hostname';
    case 'event:name':
      return 'name';
    case 'event:goal':
    case 'event:prop_key':
      // Added to each row by the dimension's expansion CTE (goal-sql.ts).
      return expandedColumn(d);
    default:
      return visitColumn(d);
  }
}

export function isVisitDimension(d: Dimension): d is VisitDimension {
  return dimensionScope(d) === 'visit';
}
