// Time buckets in the site's zone: the label an instant falls in, and every label of a range
// (the zero-filled series). The SQL dialects produce exactly these label strings.
import { invalid } from './errors.ts';
import { assertNever, type TimeUnit } from './model.ts';
import { addDays, formatDate, isoWeekday, localDate, pad, wallTime } from './time-zone.ts';

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

const MAX_LABELS = 100_000;
const STEP_MS: Record<'minute' | 'hour', number> = { minute: 60_000, hour: 15 * 60_000 };
const APPROX_UNIT_MS: Record<TimeUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 28 * 86_400_000 };

/** Every bucket label touched by [start, end), in time order, each once (DST overlaps merge). */
export function timeLabels(unit: TimeUnit, start: number, end: number, tz: string): string[] {
  if (end <= start) return [];
  const estimate = Math.ceil((end - start) / APPROX_UNIT_MS[unit]);
  if (estimate > MAX_LABELS) throw invalid('dimensions', `time:${unit} over this date range gives about ${estimate} buckets; the most is ${MAX_LABELS}, use a coarser time dimension`);
  const labels = new Set<string>();
  if (unit === 'minute' || unit === 'hour') {
    // Stepping by 15 minutes meets every local hour even in zones with :30 and :45 offsets.
    const step = STEP_MS[unit];
    for (let t = start - (start % step); t < end; t += step) labels.add(timeLabel(unit, Math.max(t, start), tz));
  } else {
    const last = localDate(end - 1, tz);
    for (let d = localDate(start, tz); d <= last; d = addDays(d, 1)) labels.add(dateBucket(unit, d));
  }
  labels.add(timeLabel(unit, end - 1, tz));
  return [...labels].sort();
}

function dateBucket(unit: 'day' | 'week' | 'month', date: string): string {
  if (unit === 'day') return date;
  if (unit === 'week') return addDays(date, 1 - isoWeekday(date));
  return `${date.slice(0, 8)}01`;
}
