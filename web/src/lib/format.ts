// Human number formats: 1.2k visitors, 3m 20s, 42%, and signed changes. Exact values go in
// title attributes, so a rounded figure is never the only one a reader can get.
export type MetricKey =
  | 'visitors' | 'visits' | 'pageviews' | 'views_per_visit' | 'bounce_rate' | 'visit_duration'
  | 'events' | 'conversion_rate' | 'percentage' | 'time_on_page' | 'scroll_depth';

const exact = new Intl.NumberFormat('en-US');

/** 950 -> "950", 1234 -> "1.2k", 12_345 -> "12k", 1_234_567 -> "1.2M". */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n));
  for (const [size, suffix] of [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (abs >= size) {
      const scaled = n / size;
      // One decimal below 10 ("1.2k"), none above ("12k", "340k"): the width stays short.
      const text = Math.abs(scaled) < 10 ? trimZero(scaled.toFixed(1)) : String(Math.round(scaled));
      // 999.95k would print "1000k"; roll it over to the next unit.
      if (text === '1000' && suffix !== 'B') return formatCount(Math.sign(n) * size * 1000);
      return text + suffix;
    }
  }
  return String(n);
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

export function formatExact(n: number): string {
  return exact.format(n);
}

/** Seconds -> "45s", "3m 20s", "1h 5m". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
}

export function formatPercent(n: number): string {
  return `${Math.abs(n) < 10 && n % 1 !== 0 ? n.toFixed(1).replace(/\.0$/, '') : Math.round(n)}%`;
}

export function formatMetric(metric: MetricKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  switch (metric) {
    case 'visit_duration':
    case 'time_on_page':
      return formatDuration(value);
    case 'bounce_rate':
    case 'conversion_rate':
    case 'percentage':
    case 'scroll_depth':
      return formatPercent(value);
    case 'views_per_visit':
      return value.toFixed(2).replace(/\.?0+$/, '') || '0';
    default:
      return formatCount(value);
  }
}

/** The precise value, for tooltips and titles. */
export function formatMetricExact(metric: MetricKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return 'no data';
  if (metric === 'visit_duration' || metric === 'time_on_page') return `${formatDuration(value)} (${formatExact(value)} s)`;
  if (metric === 'bounce_rate' || metric === 'conversion_rate' || metric === 'percentage' || metric === 'scroll_depth') return `${value}%`;
  return formatExact(value);
}

/** Rates change in percentage points (the API says so), everything else in percent. */
export function isRate(metric: MetricKey): boolean {
  return metric === 'bounce_rate' || metric === 'conversion_rate' || metric === 'percentage';
}

export function formatChange(metric: MetricKey, change: number): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const abs = Math.abs(change);
  return isRate(metric) ? `${sign}${trimZero(abs.toFixed(1))} pp` : `${sign}${formatCount(abs)}%`;
}

/** Whether a rise is good news (a rising bounce rate is not). */
export function higherIsBetter(metric: MetricKey): boolean {
  return metric !== 'bounce_rate';
}
