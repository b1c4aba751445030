// Civil-time arithmetic in IANA zones with Intl only: wall time of an instant, the instant of a
// wall time (DST gaps and overlaps resolved like Temporal's "compatible"), and date strings.

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(tz)) return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time an instant shows in `tz`. */
export function wallTime(epochMs: number, tz: string): WallTime {
  const parts = formatterFor(tz).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's UTC offset (ms) at an instant. */
function offsetAt(epochMs: number, tz: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc(wallTime(whole, tz)) - whole;
}

/**
 * The instant a wall time denotes in `tz`. In a DST overlap the earlier instant wins; a wall
 * time inside a DST gap is moved forward by the gap (so a skipped midnight becomes the moment
 * the day really starts).
 */
export function zonedToEpoch(w: WallTime, tz: string): number {
  const target = wallAsUtc(w);
  const day = 86_400_000;
  const before = offsetAt(target - day, tz);
  const after = offsetAt(target + day, tz);
  const candidates = [target - before, target - after].filter((t) => wallAsUtc(wallTime(t, tz)) === target);
  if (candidates.length > 0) return Math.min(...candidates);
  return target - before;
}

export function parseDate(date: string): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { year: y!, month: m!, day: d! };
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A civil date n days later (n may be negative). */
export function addDays(date: string, n: number): string {
  const { year, month, day } = parseDate(date);
  const t = new Date(Date.UTC(year, month - 1, day + n));
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** A civil date n months later, the day clamped to the target month's length. */
export function addMonths(date: string, n: number): string {
  const { year, month, day } = parseDate(date);
  const first = new Date(Date.UTC(year, month - 1 + n, 1));
  const y = first.getUTCFullYear();
  const m = first.getUTCMonth() + 1;
  return formatDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000);
}

/** The local date an instant falls on in `tz`. */
export function localDate(epochMs: number, tz: string): string {
  const w = wallTime(epochMs, tz);
  return formatDate(w.year, w.month, w.day);
}

/** The instant local midnight of `date` begins in `tz`. */
export function startOfLocalDay(date: string, tz: string): number {
  return zonedToEpoch({ ...parseDate(date), hour: 0, minute: 0, second: 0 }, tz);
}

/** ISO weekday, Monday = 1 ... Sunday = 7. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}
