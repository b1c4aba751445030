// Caps on a query's filter tree as a whole. The schema bounds each filter alone (nesting depth,
// items per and/or, values per filter); these bound what they add up to, since a 64 KB body
// holds thousands of them: each has_done is a semi-join over the events (200 took a second and
// 400 nine on a near-empty store), and every regex is compiled, checked and tried on every row.
import { invalid } from '../errors.ts';
import { assertNever, type Filter } from './model.ts';

export const FILTER_LIMITS = {
  /** Conditions of every kind: is/contains/matches leaves, and, or, not, has_done, has_not_done. */
  conditions: 200,
  /** Values over all leaves, as many as one filter may hold: each contains/matches value is tried on every row. */
  values: 1_000,
  behaviours: 20,
  patterns: 50,
  patternChars: 10_000,
} as const;

interface Tally {
  conditions: number;
  values: number;
  behaviours: number;
  patterns: number;
  patternChars: number;
}

/** Throws invalid_query naming the first limit the filters pass. */
export function checkFilterLimits(filters: readonly Filter[], path = 'filters'): void {
  const t: Tally = { conditions: 0, values: 0, behaviours: 0, patterns: 0, patternChars: 0 };
  for (const f of filters) tally(f, t);
  const over = (count: number, limit: number, what: string) => {
    if (count > limit) throw invalid(path, `${count} ${what} in all; the most is ${limit} (the ${what} limit)`);
  };
  over(t.conditions, FILTER_LIMITS.conditions, 'filter conditions');
  over(t.values, FILTER_LIMITS.values, 'filter values');
  over(t.behaviours, FILTER_LIMITS.behaviours, 'has_done / has_not_done filters');
  over(t.patterns, FILTER_LIMITS.patterns, 'regular expressions');
  over(t.patternChars, FILTER_LIMITS.patternChars, 'characters of regular expressions');
}

function tally(f: Filter, t: Tally): void {
  t.conditions++;
  switch (f.op) {
    case 'and':
    case 'or':
      for (const c of f.filters) tally(c, t);
      return;
    case 'not':
      return tally(f.filter, t);
    case 'has_done':
    case 'has_not_done':
      t.behaviours++;
      return tally(f.filter, t);
    case 'matches':
    case 'matches_not':
      t.patterns += f.values.length;
      for (const v of f.values) t.patternChars += v.length;
      t.values += f.values.length;
      return;
    case 'is':
    case 'is_not':
    case 'contains':
    case 'contains_not':
      t.values += f.values.length;
      return;
    default:
      return assertNever(f);
  }
}
