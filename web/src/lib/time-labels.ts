// Chart labels for the API's time buckets ("2026-03-03", "2026-03-03 14:00:00", ...), short for
// axis ticks and long for tooltips. The labels are the site's wall time; no zone math here.
import { formatDay, formatDayYear, formatMonth, formatMonthShort, formatWeekday } from './dates.ts';
import type { Interval } from './periods.ts';

const time = (label: string) => label.slice(11, 16);

export function tickLabel(label: string, interval: Interval, multiDay: boolean): string {
  switch (interval) {
    case 'minute':
      return time(label);
    case 'hour':
      return multiDay && time(label) === '00:00' ? formatDay(label) : time(label);
    case 'day':
    case 'week':
      return formatDay(label);
    case 'month':
      return formatMonthShort(label);
  }
}

export function tooltipLabel(label: string, interval: Interval): string {
  switch (interval) {
    case 'minute':
      return `${formatDay(label)}, ${time(label)}`;
    case 'hour': {
      const h = Number(label.slice(11, 13));
      return `${formatDay(label)}, ${time(label)}–${String((h + 1) % 24).padStart(2, '0')}:00`;
    }
    case 'day':
      return formatWeekday(label);
    case 'week':
      return `Week of ${formatDayYear(label)}`;
    case 'month':
      return formatMonth(label);
  }
}
