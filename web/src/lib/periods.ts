// Date ranges as the dashboard names them (presets, anchored days/months/years, custom ranges,
// realtime), their labels, the intervals each allows, and their Stats API form.
import { addDays, addMonths, daysBetween, formatDay, formatDayYear, formatMonth, formatWeekday, isDate } from './dates.ts';

export const PERIODS = ['realtime', 'day', '7d', '28d', '30d', '91d', 'month', '6mo', '12mo', 'year', 'all', 'custom'] as const;
export type Period = (typeof PERIODS)[number];
export const INTERVALS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface PeriodState {
  period: Period;
  /** Anchor for day/month/year ("which day"), in the site's zone; null is the current one. */
  date: string | null;
  /** Inclusive dates of a custom range. */
  from: string | null;
  to: string | null;
}

export interface PresetInfo {
  period: Exclude<Period, 'custom'>;
  label: string;
  /** Keyboard shortcut (a single lower-case key). */
  key: string;
  /** For "Yesterday": the anchor is today - 1. */
  yesterday?: boolean;
}

export const PRESETS: readonly PresetInfo[] = [
  { period: 'day', label: 'Today', key: 'd' },
  { period: 'day', label: 'Yesterday', key: 'e', yesterday: true },
  { period: 'realtime', label: 'Realtime', key: 'r' },
  { period: '7d', label: 'Last 7 days', key: 'w' },
  { period: '28d', label: 'Last 28 days', key: 'f' },
  { period: '30d', label: 'Last 30 days', key: 't' },
  { period: '91d', label: 'Last 91 days', key: 'n' },
  { period: 'month', label: 'This month', key: 'm' },
  { period: '6mo', label: 'Last 6 months', key: 's' },
  { period: '12mo', label: 'Last 12 months', key: 'l' },
  { period: 'year', label: 'This year', key: 'y' },
  { period: 'all', label: 'All time', key: 'a' },
];

export const DEFAULT_PERIOD: Period = '30d';

export function periodLabel(p: PeriodState, today: string): string {
  switch (p.period) {
    case 'realtime':
      return 'Realtime';
    case 'day':
      if (!p.date || p.date === today) return 'Today';
      if (p.date === addDays(today, -1)) return 'Yesterday';
      return formatWeekday(p.date);
    case 'month':
      return !p.date || p.date.slice(0, 7) === today.slice(0, 7) ? 'This month' : formatMonth(p.date);
    case 'year':
      return !p.date || p.date.slice(0, 4) === today.slice(0, 4) ? 'This year' : p.date.slice(0, 4);
    case 'custom':
      return p.from && p.to ? rangeLabel(p.from, p.to) : 'Custom range';
    default:
      return PRESETS.find((x) => x.period === p.period)?.label ?? p.period;
  }
}

function rangeLabel(from: string, to: string): string {
  if (from === to) return formatDayYear(from);
  return from.slice(0, 4) === to.slice(0, 4) ? `${formatDay(from)} – ${formatDayYear(to)}` : `${formatDayYear(from)} – ${formatDayYear(to)}`;
}

/** About how many days a period spans (to choose intervals). */
function spanDays(p: PeriodState): number {
  switch (p.period) {
    case 'realtime':
    case 'day':
      return 1;
    case '7d':
      return 7;
    case '28d':
    case '30d':
    case 'month':
      return 30;
    case '91d':
      return 91;
    case '6mo':
      return 182;
    case '12mo':
    case 'year':
      return 365;
    case 'all':
      return 10_000;
    case 'custom':
      return p.from && p.to ? daysBetween(p.from, p.to) + 1 : 30;
  }
}

/** Intervals that make a readable chart for the period, the default first. */
export function intervalsFor(p: PeriodState): Interval[] {
  if (p.period === 'realtime') return ['minute'];
  const days = spanDays(p);
  if (days <= 1) return ['hour'];
  if (days <= 7) return ['day', 'hour'];
  if (days <= 31) return ['day', 'week'];
  if (days <= 92) return ['day', 'week', 'month'];
  if (p.period === 'all') return ['month', 'week', 'day'];
  return ['month', 'week', 'day'];
}

export function chooseInterval(p: PeriodState, wanted: Interval | null): Interval {
  const allowed = intervalsFor(p);
  return wanted && allowed.includes(wanted) ? wanted : allowed[0]!;
}

/** The last 30 minutes, in whole minutes, ending with the current (partial) minute. */
export function realtimeRange(now = Date.now()): [string, string] {
  const end = Math.floor(now / 60_000) * 60_000 + 60_000;
  return [new Date(end - 30 * 60_000).toISOString(), new Date(end).toISOString()];
}

/** The API's date_range (and `date` anchor) for a period. */
export function apiRange(p: PeriodState, now = Date.now()): { date_range: string | [string, string]; date?: string } {
  switch (p.period) {
    case 'realtime':
      return { date_range: realtimeRange(now) };
    case 'custom':
      return { date_range: [p.from ?? p.to ?? '', p.to ?? p.from ?? ''] };
    default:
      return p.date ? { date_range: p.period, date: p.date } : { date_range: p.period };
  }
}

/** Whether ← and → can step this period, and to where. */
export function shiftPeriod(p: PeriodState, today: string, direction: -1 | 1): PeriodState | null {
  const anchor = p.date ?? today;
  switch (p.period) {
    case 'day': {
      const date = addDays(anchor, direction);
      return date > today ? null : { ...p, date: date === today ? null : date };
    }
    case 'month': {
      const date = addMonths(`${anchor.slice(0, 7)}-01`, direction);
      return date > today ? null : { ...p, date: date.slice(0, 7) === today.slice(0, 7) ? null : date };
    }
    case 'year': {
      const date = `${Number(anchor.slice(0, 4)) + direction}-01-01`;
      return date > today ? null : { ...p, date: date.slice(0, 4) === today.slice(0, 4) ? null : date };
    }
    case 'custom': {
      if (!p.from || !p.to) return null;
      const len = daysBetween(p.from, p.to) + 1;
      const from = addDays(p.from, direction * len);
      return from > today ? null : { ...p, from, to: addDays(p.to, direction * len) };
    }
    default:
      return null;
  }
}

export function validPeriod(p: PeriodState): PeriodState {
  if (p.period === 'custom' && !(isDate(p.from) && isDate(p.to) && p.from <= p.to)) return { period: DEFAULT_PERIOD, date: null, from: null, to: null };
  return p;
}

/** Whether the period reaches today (its chart has a bucket still filling). */
export function includesToday(p: PeriodState, today: string): boolean {
  switch (p.period) {
    case 'realtime':
    case 'all':
      return true;
    case 'day':
      return !p.date || p.date === today;
    case 'month':
      return !p.date || p.date.slice(0, 7) === today.slice(0, 7);
    case 'year':
      return !p.date || p.date.slice(0, 4) === today.slice(0, 4);
    case 'custom':
      return !!p.to && p.to >= today;
    default:
      return false;
  }
}
