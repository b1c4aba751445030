// A zone's UTC offsets over a range, found once with Intl: SQL then computes local time with
// integer arithmetic (much faster than per-row ICU calls, and exactly what Intl says).
import { wallTime } from './time-zone.ts';

export interface OffsetSpan {
  /** Epoch ms the span starts at (the first span starts at the range start). */
  from: number;
  /** Local time minus UTC, in ms. */
  offsetMs: number;
}

/** Probe step: zones do not change offset twice within a week (tzdb since 1970). */
const STEP = 7 * 86_400_000;
const transitionsByYear = new Map<string, { at: number; offsetMs: number }[]>();

function offsetAt(epochMs: number, tz: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const w = wallTime(whole, tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/** The first second in (lo, hi] whose offset equals hi's, given lo's differs. */
function findTransition(lo: number, hi: number, tz: string): number {
  const target = offsetAt(hi, tz);
  let [a, b] = [lo / 1000, hi / 1000];
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(mid * 1000, tz) === target) b = mid;
    else a = mid;
  }
  return b * 1000;
}

/** Offset changes in a UTC year, probing weekly and bisecting to the second. */
function transitionsIn(year: number, tz: string): { at: number; offsetMs: number }[] {
  const key = `${tz}|${year}`;
  const known = transitionsByYear.get(key);
  if (known) return known;
  const found: { at: number; offsetMs: number }[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let prev = Date.UTC(year, 0, 1);
  let prevOffset = offsetAt(prev, tz);
  for (let t = Math.min(prev + STEP, end); prev < end; t = Math.min(t + STEP, end)) {
    const offset = offsetAt(t, tz);
    if (offset !== prevOffset) found.push({ at: findTransition(prev, t, tz), offsetMs: offset });
    [prev, prevOffset] = [t, offset];
  }
  transitionsByYear.set(key, found);
  return found;
}

export function offsetSpans(tz: string, start: number, end: number): OffsetSpan[] {
  const spans: OffsetSpan[] = [{ from: start, offsetMs: offsetAt(start, tz) }];
  const first = new Date(start).getUTCFullYear();
  const last = new Date(Math.max(start, end - 1)).getUTCFullYear();
  for (let year = first; year <= last; year++) {
    for (const t of transitionsIn(year, tz)) {
      if (t.at > start && t.at < end && t.offsetMs !== spans.at(-1)!.offsetMs) spans.push({ from: t.at, offsetMs: t.offsetMs });
    }
  }
  return spans;
}
