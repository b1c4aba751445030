// Calendar arithmetic on "YYYY-MM-DD" strings (site-local dates), done in UTC so the
// browser's own time zone never shifts a day.
const DAY_MS = 86_400_000;

export function isDate(s: string | null | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(s + 'T00:00:00Z');
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);
}

export function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / DAY_MS);
}

/** Today's date in a time zone (the site's, so "Today" means the site's today). */
export function todayIn(timeZone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

const dayFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayYearFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const weekdayFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthFmt = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthShortFmt = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

const asDate = (date: string) => new Date(date.slice(0, 10) + 'T00:00:00Z');

/** "3 Mar" */
export const formatDay = (date: string) => dayFmt.format(asDate(date));
/** "3 Mar 2026" */
export const formatDayYear = (date: string) => dayYearFmt.format(asDate(date));
/** "Tue, 3 Mar 2026" */
export const formatWeekday = (date: string) => weekdayFmt.format(asDate(date));
/** "March 2026" */
export const formatMonth = (date: string) => monthFmt.format(asDate(date));
/** "Mar 2026" */
export const formatMonthShort = (date: string) => monthShortFmt.format(asDate(date));

/** The wall time now in a time zone, as the API labels it: "YYYY-MM-DD HH:MM:SS". */
export function nowIn(timeZone: string, now = Date.now()): string {
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat('sv-SE', { ...opts, timeZone }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 19).replace('T', ' ');
  }
}
