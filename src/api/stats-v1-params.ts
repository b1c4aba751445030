// Plausible Stats API v1 parameters (site_id, period, date, metrics, filters, property, interval,
// compare, limit, page) translated into a v2 query body, which the one query schema validates.
import { invalid } from '../errors.ts';
import { DATE_PRESETS } from '../query/model.ts';

export type V1Params = Record<string, unknown>;

/** A single-valued query parameter (repeating one is an error, not a silent pick). */
export function param(q: V1Params, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(name, 'must be given once');
  return v;
}

export function requireParam(q: V1Params, name: string): string {
  const v = param(q, name);
  if (v === undefined || v === '') throw invalid(name, 'is required');
  return v;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERIODS = [...DATE_PRESETS, 'custom'] as const;

/** period + date -> v2 date_range (+ date, the day the presets are relative to). */
export function dateRangeOf(q: V1Params): { date_range: unknown; date?: string } {
  const period = param(q, 'period') ?? '30d';
  const date = param(q, 'date');
  if (!(PERIODS as readonly string[]).includes(period)) throw invalid('period', `"${period}" is not a period; expected one of ${PERIODS.join(', ')}`);
  if (period === 'custom') {
    const [from, to, extra] = (date ?? '').split(',');
    if (!from || !to || extra !== undefined || !DATE.test(from) || !DATE.test(to)) throw invalid('date', 'with period=custom must be "YYYY-MM-DD,YYYY-MM-DD"');
    return { date_range: [from, to] };
  }
  if (date !== undefined && !DATE.test(date)) throw invalid('date', `"${date}" is not a date (YYYY-MM-DD)`);
  return { date_range: period, ...(date ? { date } : {}) };
}

export function metricsOf(q: V1Params, fallback = 'visitors'): string[] {
  return (param(q, 'metrics') ?? fallback).split(',').map((m) => m.trim()).filter(Boolean);
}

/** Plausible's goal dimension: goals here are event names. */
export function v2Dimension(property: string): string {
  return property === 'event:goal' ? 'event:name' : property;
}

/** The key a breakdown row uses for its property (visit:source -> source, event:props:author -> author). */
export function propertyKey(property: string): string {
  if (property.startsWith('event:props:')) return property.slice('event:props:'.length);
  return property.slice(property.lastIndexOf(':') + 1);
}

const OPERATORS = ['==', '!=', '!~', '~'] as const;

/** "visit:country==DE|FR;event:page==/blog/**" -> v2 filters. `*` globs become regexes. */
export function filtersOf(q: V1Params): unknown[] {
  const raw = param(q, 'filters');
  if (!raw) return [];
  return splitUnescaped(raw, ';').filter((part) => part.trim() !== '').map((part, i) => {
    const at = OPERATORS.map((op) => ({ op, index: part.indexOf(op) })).filter((o) => o.index > 0).sort((a, b) => a.index - b.index || b.op.length - a.op.length)[0];
    if (!at) throw invalid(`filters[${i}]`, `"${part}" has no operator; expected dimension==value (or !=, ~, !~)`);
    const dimension = v2Dimension(part.slice(0, at.index).trim());
    const values = splitUnescaped(part.slice(at.index + at.op.length), '|');
    if (values.length === 0 || values.some((v) => v === '')) throw invalid(`filters[${i}]`, `"${part}" needs a value after ${at.op}`);
    return v2Filter(at.op, dimension, values);
  });
}

function v2Filter(op: (typeof OPERATORS)[number], dimension: string, values: string[]): unknown[] {
  switch (op) {
    case '~':
      return ['contains', dimension, values];
    case '!~':
      return ['contains_not', dimension, values];
    case '==':
    case '!=': {
      const globbed = values.some((v) => v.includes('*'));
      if (!globbed) return [op === '==' ? 'is' : 'is_not', dimension, values];
      return [op === '==' ? 'matches' : 'matches_not', dimension, values.map(globToRegex)];
    }
  }
}

/** Plausible's wildcards: `**` is anything, `*` anything but a slash; the rest is literal. */
export function globToRegex(glob: string): string {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return `^${escaped.replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`;
}

function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === sep) {
      current += sep;
      i++;
    } else if (c === sep) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

export function positiveInt(q: V1Params, name: string, fallback: number, max: number): number {
  const raw = param(q, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw invalid(name, `must be an integer from 1 to ${max}`);
  return Number(raw);
}
