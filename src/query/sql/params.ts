// Bound values of one statement: each distinct value gets one placeholder, in order.
import type { SqlValue } from '../../store/duckdb.ts';
import type { Dialect, ParamType } from './dialect.ts';

export class Params {
  readonly values: SqlValue[] = [];
  readonly types: ParamType[] = [];
  private readonly seen = new Map<string, string>();

  constructor(private readonly dialect: Dialect) {}

  /** The placeholder for a value; values are never spliced into SQL text. */
  add(value: string | number, type: ParamType = typeof value === 'number' ? 'integer' : 'string'): string {
    const key = `${type}:${String(value)}`;
    const known = this.seen.get(key);
    if (known) return known;
    this.values.push(value);
    this.types.push(type);
    const placeholder = this.dialect.placeholder(this.values.length, type);
    this.seen.set(key, placeholder);
    return placeholder;
  }
}
