// Plausible's Events API body (short or long field names) plus our extras -> WireEvent.
import type { WireEvent } from '../types.ts';

export type ParsedBody = { ok: true; wire: WireEvent } | { ok: false; reason: string };

export function parseEventBody(body: unknown): ParsedBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body is not a JSON object' };
  const b = body as Record<string, unknown>;
  const name = str(b.n ?? b.name, 500);
  if (name === null) return { ok: false, reason: 'missing event name' };
  return {
    ok: true,
    wire: {
      name,
      url: str(b.u ?? b.url, 4000),
      domain: str(b.d ?? b.domain, 1000),
      referrer: str(b.r ?? b.referrer, 4000),
      title: str(b.t ?? b.title, 2000),
      screen: str(b.s ?? b.screen, 40),
      props: props(b.p ?? b.props ?? b.m ?? b.meta),
      revenue: revenue(b.$ ?? b.revenue),
      interactive: b.i === undefined && b.interactive === undefined ? true : truthy(b.i ?? b.interactive),
      hashMode: truthy(b.h ?? b.hashMode),
      scrollDepth: num(b.sd),
      engagedMs: num(b.e),
    },
  };
}

function str(value: unknown, max: number): string | null {
  if (typeof value === 'string') return value === '' ? null : value.slice(0, max);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Numbers, or decimal strings; blank, hex and other strings are absent, not 0. */
function num(value: unknown): number | null {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return DECIMAL.test(trimmed) ? Number(trimmed) : null;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** Plausible's limits: at most 30 properties per event, keys of 300 and values of 2000 characters. */
export const MAX_PROPS = 30;
export const MAX_PROP_KEY = 300;
export const MAX_PROP_VALUE = 2000;

/**
 * Props arrive as an object or a JSON string of one; values become strings. Nested and empty
 * values and over-long keys or values are dropped (the event is kept), then the first 30 kept.
 */
function props(value: unknown): Record<string, string> | null {
  let source = value;
  if (typeof source === 'string') {
    try {
      source = JSON.parse(source);
    } catch {
      return null;
    }
  }
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return null;
  const out: Record<string, string> = Object.create(null);
  let kept = 0;
  for (const [key, v] of Object.entries(source)) {
    const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    if (key === '' || key.length > MAX_PROP_KEY || text === '' || text.length > MAX_PROP_VALUE) continue;
    out[key] = text;
    if (++kept === MAX_PROPS) break;
  }
  return out;
}

/** Revenue as a number, a numeric string, or Plausible's {amount, currency}. */
function revenue(value: unknown): number | null {
  if (typeof value === 'object' && value !== null && 'amount' in value) return num((value as { amount: unknown }).amount);
  return num(value);
}
