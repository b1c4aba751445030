// Time buckets in the site's zone: the label an instant falls in, and every label of a range
// (the zero-filled series). The SQL dialects produce exactly these label strings.
import { invalid } from '../errors.ts';
import { assertNever, type TimeUnit } from './model.ts';
import { addDays, addMonths, formatDate, isoWeekday, localDate, pad, wallTime } from './time-zone.ts';
import { offsetSpans } from './zone-offsets.ts';

/** Labels: minute "YYYY-MM-DD HH:MM:00", hour "YYYY-MM-DD HH:00:00", day "YYYY-MM-DD", week (its Monday) and month ("YYYY-MM-01") as dates. */
export function timeLabel(unit: TimeUnit, epochMs: number, tz: string): string {
  const w = wallTime(epochMs, tz);
  const date = formatDate(w.year, w.month, w.day);
  switch (unit) {
    case 'minute':
      return `${date} ${pad(w.hour)}:${pad(w.minute)}:00`;
    case 'hour':
      return `${date} ${pad(w.hour)}:00:00`;
    case 'day':
      return date;
    case 'week':
      return addDays(date, 1 - isoWeekday(date));
    case 'month':
      return formatDate(w.year, w.month, 1);
    default:
      return assertNever(unit);
  }
}

/**
 * The most buckets a time dimension may have over one range. The dashboard asks for at most a
 * few thousand (hourly up to a week, daily up to years); 20,000 is about 2 years of hours, 54
 * of days or any range of months (1970 to 2999 is 12,360), and keeps the series cheap to build
 * and send (an 11-year hourly one was 96,000 labels and blocked the event loop for seconds).
 */
export const MAX_TIME_BUCKETS = 20_000;
/** Bucket lengths; a month counts as the Gregorian average (the estimate is off by one at most). */
const UNIT_MS: Record<TimeUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30.436875 * 86_400_000 };

/** Refuses, before any work, a time dimension with more than MAX_TIME_BUCKETS buckets over [start, end). */
export function checkTimeBuckets(unit: TimeUnit, start: number, end: number, path = 'dimensions', what = 'this date range'): void {
  const estimate = Math.ceil((end - start) / UNIT_MS[unit]);
  if (estimate > MAX_TIME_BUCKETS) {
    throw invalid(path, `time:${unit} over ${what} gives about ${estimate} buckets; the most is ${MAX_TIME_BUCKETS} (the time bucket limit), use a coarser time dimension or a shorter range`);
  }
}

/** Every bucket label touched by [start, end), in time order, each once (DST overlaps merge). */
export function timeLabels(unit: TimeUnit, start: number, end: number, tz: string): string[] {
  if (end <= start) return [];
  checkTimeBuckets(unit, start, end);
  return unit === 'minute' || unit === 'hour' ? clockLabels(unit, start, end, tz) : dateLabels(unit, start, end, tz);
}

/**
 * Minutes and hours from the zone's offset spans (as the SQL computes them): Intl is asked only
 * where the offset changes, each label is integer arithmetic (a label per Intl call took seconds
 * for a long hourly range).
 */
function clockLabels(unit: 'minute' | 'hour', start: number, end: number, tz: string): string[] {
  const size = UNIT_MS[unit];
  const keep = unit === 'minute' ? 16 : 13;
  const labels = new Set<string>();
  const spans = offsetSpans(tz, start, end);
  spans.forEach((span, i) => {
    const from = span.from + span.offsetMs;
    const to = (spans[i + 1]?.from ?? end) + span.offsetMs;
    for (let local = Math.floor(from / size) * size; local < to; local += size) {
      const iso = new Date(local).toISOString();
      labels.add(`${iso.slice(0, 10)} ${iso.slice(11, keep)}${unit === 'minute' ? ':00' : ':00:00'}`);
    }
  });
  return [...labels].sort();
}

/** Days, weeks and months: civil-date arithmetic from the first local date to the last. */
function dateLabels(unit: 'day' | 'week' | 'month', start: number, end: number, tz: string): string[] {
  const last = localDate(end - 1, tz);
  const labels: string[] = [];
  for (let d = dateBucket(unit, localDate(start, tz)); d <= last; d = unit === 'month' ? addMonths(d, 1) : addDays(d, unit === 'week' ? 7 : 1)) labels.push(d);
  return labels;
}

function dateBucket(unit: 'day' | 'week' | 'month', date: string): string {
  if (unit === 'day') return date;
  if (unit === 'week') return addDays(date, 1 - isoWeekday(date));
  return `${date.slice(0, 8)}01`;
}
