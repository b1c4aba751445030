// Dashboard filters: the operators a person picks, their URL form (`f=is,country,DE|FR`) and
// their Stats API form (`["is", "visit:country", ["DE", "FR"]]`).
import { dimension } from './dimensions.ts';

export const OPERATORS = ['is', 'is_not', 'contains', 'contains_not'] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_LABELS: Record<Operator, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  contains_not: 'does not contain',
};

export interface UiFilter {
  op: Operator;
  /** Short dimension name (see dimensions.ts). */
  dim: string;
  values: string[];
}

export type ApiFilter = [Operator, string, string[]];

/**
 * One filter as one URL parameter: fields split by ',', values by '|'. A backslash escapes
 * ',', '|' and itself, so any path or property value survives the round trip.
 */
export function encodeFilter(f: UiFilter): string {
  return [f.op, escape(f.dim), f.values.map(escape).join('|')].join(',');
}

export function decodeFilter(text: string): UiFilter | null {
  const fields = splitEscaped(text, ',');
  if (fields.length !== 3) return null;
  const [op, dim, values] = fields as [string, string, string];
  if (!(OPERATORS as readonly string[]).includes(op)) return null;
  const dimKey = unescape(dim);
  if (!dimension(dimKey)) return null;
  const list = splitEscaped(values, '|').map(unescape);
  if (list.length === 0 || list.some((v) => v === '')) return null;
  return { op: op as Operator, dim: dimKey, values: list };
}

function escape(s: string): string {
  return s.replace(/[\\,|]/g, (c) => '\\' + c);
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** Splits on `sep` where it is not escaped; escapes stay in the parts for unescape(). */
function splitEscaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      current += c + s[++i];
    } else if (c === sep) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

export function toApiFilter(f: UiFilter): ApiFilter {
  return [f.op, dimension(f.dim)!.api, f.values];
}

/** Adds `is value` for a dimension, replacing any earlier filter on that dimension. */
export function withFilter(filters: readonly UiFilter[], next: UiFilter): UiFilter[] {
  return [...filters.filter((f) => f.dim !== next.dim), next];
}
