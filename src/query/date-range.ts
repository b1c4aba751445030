// Turns a query's date range (preset, dates, datetimes or UNIX seconds) into a half-open UTC
// interval [start, end) in the site's zone, and derives comparison ranges from it.
import { invalid } from '../errors.ts';
import { assertNever, type ComparisonInput, type DatePreset, type DateRangeInput, type RangeBound } from './model.ts';
import { addDays, addMonths, daysBetween, localDate, parseDate, startOfLocalDay, wallTime, zonedToEpoch, daysInMonth } from './time-zone.ts';

/** Supported instants: 1970 up to the end of 2999 (beyond that is a typo, not a query). */
export const MIN_INSTANT = 0;
export const MAX_INSTANT = Date.UTC(3000, 0, 1);

export interface ResolvedRange {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** Set when the range is whole local days (presets and date pairs); comparisons shift these. */
  dates: { first: string; last: string } | null;
}

export interface RangeContext {
  tz: string;
  /** Epoch ms of "now". */
  now: number;
  /** The date presets are relative to; defaults to today in tz. */
  date: string | null;
  /** The site's first event (for "all"), or null when it has none. */
  firstEventMs: number | null;
}

export function resolveDateRange(input: DateRangeInput, ctx: RangeContext, path = 'date_range'): ResolvedRange {
  if (typeof input !== 'string') return resolvePair(input, ctx.tz, path);
  const range = fromDates(presetDates(input, ctx), ctx.tz);
  checkSupported(range.start, range.dates!.first, ctx.date ? 'date' : path);
  checkSupported(range.end - 1, range.dates!.last, ctx.date ? 'date' : path);
  return range;
}

export function today(ctx: RangeContext): string {
  return ctx.date ?? localDate(ctx.now, ctx.tz);
}

/** The local dates a preset covers (Plausible's semantics: "Nd" ends yesterday, "Nmo" ends last month). */
export function presetDates(preset: DatePreset, ctx: RangeContext): { first: string; last: string } {
  const d = today(ctx);
  const monthStart = `${d.slice(0, 8)}01`;
  switch (preset) {
    case 'day':
      return { first: d, last: d };
    case '7d':
    case '28d':
    case '30d':
    case '91d': {
      const n = Number(preset.slice(0, -1));
      return { first: addDays(d, -n), last: addDays(d, -1) };
    }
    case 'month':
      return { first: monthStart, last: addDays(addMonths(monthStart, 1), -1) };
    case '6mo':
    case '12mo':
      return { first: addMonths(monthStart, -Number(preset.slice(0, -2))), last: addDays(monthStart, -1) };
    case 'year':
      return { first: `${d.slice(0, 4)}-01-01`, last: `${d.slice(0, 4)}-12-31` };
    case 'all': {
      const first = ctx.firstEventMs === null ? d : localDate(ctx.firstEventMs, ctx.tz);
      return { first: first < d ? first : d, last: d };
    }
    default:
      return assertNever(preset);
  }
}

function fromDates(dates: { first: string; last: string }, tz: string): ResolvedRange {
  return { start: startOfLocalDay(dates.first, tz), end: startOfLocalDay(addDays(dates.last, 1), tz), dates };
}

function isDate(b: RangeBound): b is string {
  return typeof b === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b);
}

function resolvePair([from, to]: [RangeBound, RangeBound], tz: string, path: string): ResolvedRange {
  if (isDate(from) && !isValidDate(from)) throw invalid(`${path}[0]`, `${from} is not a calendar date`);
  if (isDate(to) && !isValidDate(to)) throw invalid(`${path}[1]`, `${to} is not a calendar date`);
  const start = isDate(from) ? startOfLocalDay(from, tz) : boundInstant(from, tz, `${path}[0]`);
  const end = isDate(to) ? startOfLocalDay(addDays(to, 1), tz) : boundInstant(to, tz, `${path}[1]`);
  checkSupported(start, from, `${path}[0]`);
  checkSupported(end - 1, to, `${path}[1]`);
  if (end <= start) throw invalid(path, 'the range is empty: "to" must be after "from"');
  const dates = isDate(from) && isDate(to) ? { first: from, last: to } : null;
  return { start, end, dates };
}

function checkSupported(instant: number, bound: RangeBound, path: string): void {
  if (instant < MIN_INSTANT || instant >= MAX_INSTANT) throw invalid(path, `${String(bound)} is outside the supported dates (1970-01-01 to 2999-12-31)`);
}

function isValidDate(date: string): boolean {
  const { year, month, day } = parseDate(date);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** UNIX seconds, or an ISO datetime (with an offset it is absolute; without, wall time in tz). */
function boundInstant(bound: RangeBound, tz: string, path: string): number {
  if (typeof bound === 'number') return bound * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(bound);
  if (!m) throw invalid(path, `${bound} is not an ISO datetime`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const wall = { year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +(s ?? 0) };
  if (!isValidDate(`${y}-${mo}-${d}`) || wall.hour > 23 || wall.minute > 59 || wall.second > 59) throw invalid(path, `${bound} is not a valid datetime`);
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  if (!zone) return zonedToEpoch(wall, tz) + ms;
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + ms;
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/**
 * The range a comparison looks at. previous_period: the same number of days (or ms) right
 * before, with a range reaching into the future cut at today first (as Plausible does);
 * year_over_year: the same local dates (wall times) one year earlier; custom: as given.
 */
export function comparisonRange(main: ResolvedRange, c: ComparisonInput, ctx: RangeContext): ResolvedRange {
  const range = derivedRange(main, c, ctx);
  checkComparison(range);
  return range;
}

function derivedRange(main: ResolvedRange, c: ComparisonInput, ctx: RangeContext): ResolvedRange {
  switch (c.mode) {
    case 'previous_period': {
      if (!main.dates) return { start: main.start - (main.end - main.start), end: main.start, dates: null };
      const last = cappedLast(main.dates, ctx);
      const days = daysBetween(main.dates.first, last) + 1;
      return fromDates({ first: addDays(main.dates.first, -days), last: addDays(last, -days) }, ctx.tz);
    }
    case 'year_over_year': {
      if (!main.dates) return { start: minusYear(main.start, ctx.tz), end: minusYear(main.end, ctx.tz), dates: null };
      return fromDates({ first: addMonths(main.dates.first, -12), last: addMonths(cappedLast(main.dates, ctx), -12) }, ctx.tz);
    }
    case 'custom':
      if (!c.dateRange) throw invalid('include.comparisons.date_range', 'is required when mode is "custom"');
      return resolvePair(c.dateRange, ctx.tz, 'include.comparisons.date_range');
    default:
      return assertNever(c.mode);
  }
}

/**
 * A comparison obeys the main range's rules: a previous period or year of a range starting near
 * 1970 would otherwise reach back before any data could exist (and make the zone arithmetic
 * walk centuries), so it is refused rather than silently cut (a cut range would no longer line
 * up bucket for bucket with the main one).
 */
function checkComparison(r: ResolvedRange): void {
  if (r.start >= MIN_INSTANT && r.end - 1 < MAX_INSTANT) return;
  const first = r.dates?.first ?? new Date(r.start).toISOString();
  const last = r.dates?.last ?? new Date(r.end).toISOString();
  throw invalid('include.comparisons', `the comparison range (${first} to ${last}) reaches outside the supported dates (1970-01-01 to 2999-12-31); compare a later range`);
}

/** The last date, cut at today unless the whole range lies in the future. */
function cappedLast(dates: { first: string; last: string }, ctx: RangeContext): string {
  const t = today(ctx);
  return dates.last > t && t >= dates.first ? t : dates.last;
}

function minusYear(epochMs: number, tz: string): number {
  const w = wallTime(epochMs, tz);
  const day = Math.min(w.day, daysInMonth(w.year - 1, w.month));
  return zonedToEpoch({ ...w, year: w.year - 1, day }, tz) + (epochMs % 1000);
}
