// Local time and time buckets in SQL without per-row zone lookups: local ms = epoch ms + the
// offset of the span the instant falls in (spans from zone-offsets.ts, bound as parameters).
import type { OffsetSpan } from '../zone-offsets.ts';
import type { TimeUnit } from '../model.ts';
import type { Dialect } from './dialect.ts';
import type { Params } from './params.ts';

export function localMsExpr(tsExpr: string, spans: OffsetSpan[], d: Dialect, params: Params): string {
  const ms = d.epochMs(tsExpr);
  const int = (v: number) => d.integer(params.add(v));
  if (spans.length === 1) return `(${ms} + ${int(spans[0]!.offsetMs)})`;
  const whens = spans.slice(1).map((s, i) => `WHEN ${ms} < ${int(s.from)} THEN ${int(spans[i]!.offsetMs)}`);
  return `(${ms} + CASE ${whens.join(' ')} ELSE ${int(spans.at(-1)!.offsetMs)} END)`;
}

/** The grouping key of an instant's bucket (orders like its label). */
export function bucketKeyExpr(unit: TimeUnit, tsExpr: string, spans: OffsetSpan[], d: Dialect, params: Params): string {
  return d.bucketKey(unit, localMsExpr(tsExpr, spans, d, params));
}

/** The bucket's label, equal to time-labels.ts's timeLabel. */
export function bucketLabelExpr(unit: TimeUnit, tsExpr: string, spans: OffsetSpan[], d: Dialect, params: Params): string {
  return d.bucketLabel(unit, bucketKeyExpr(unit, tsExpr, spans, d, params));
}
