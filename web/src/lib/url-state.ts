// Everything a dashboard view is made of lives in the query string, so a link reproduces the
// view and back/forward step through it. parseState and buildSearch are inverses; defaults
// are left out of the URL to keep links short.
import { decodeFilter, encodeFilter, type UiFilter } from './filters.ts';
import { DEFAULT_PERIOD, INTERVALS, PERIODS, validPeriod, type Interval, type Period, type PeriodState } from './periods.ts';
import { isDate } from './dates.ts';
import type { MetricKey } from './format.ts';
import { PANEL_TABS, type PanelId } from './panel-tabs.ts';

export type CompareMode = 'previous_period' | 'year_over_year';

export const CHART_METRICS: readonly MetricKey[] = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'];

export interface DashState extends PeriodState {
  compare: CompareMode | null;
  metric: MetricKey;
  /** Requested chart interval; the period may not allow it (see chooseInterval). */
  interval: Interval | null;
  filters: UiFilter[];
  /** Chosen tab per panel; absent means the panel's first tab. */
  tabs: Partial<Record<PanelId, string>>;
  /** The custom property key shown in the Properties tab. */
  prop: string | null;
  /** The panel whose full list is open. */
  detail: PanelId | null;
  /** Search text and page of the details view. */
  q: string;
  page: number;
}

const COMPARE_PARAM: Record<CompareMode, string> = { previous_period: 'previous', year_over_year: 'year' };

export function parseState(search: string): DashState {
  const p = new URLSearchParams(search);
  const period = (PERIODS as readonly string[]).includes(p.get('period') ?? '') ? (p.get('period') as Period) : DEFAULT_PERIOD;
  const date = p.get('date');
  const range = validPeriod({ period, date: isDate(date) ? date : null, from: p.get('from'), to: p.get('to') });
  const compare = (Object.keys(COMPARE_PARAM) as CompareMode[]).find((m) => COMPARE_PARAM[m] === p.get('compare')) ?? null;
  const metric = CHART_METRICS.find((m) => m === p.get('metric')) ?? 'visitors';
  const interval = INTERVALS.find((i) => i === p.get('interval')) ?? null;
  const filters = p.getAll('f').map(decodeFilter).filter((f): f is UiFilter => f !== null);
  const tabs: DashState['tabs'] = {};
  for (const panel of Object.keys(PANEL_TABS) as PanelId[]) {
    const tab = p.get(panel);
    if (tab && PANEL_TABS[panel].some((t) => t.key === tab)) tabs[panel] = tab;
  }
  const detail = (Object.keys(PANEL_TABS) as PanelId[]).find((id) => id === p.get('detail')) ?? null;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(p.get('page') ?? '1', 10) || 1));
  return { ...range, compare, metric, interval, filters, tabs, prop: p.get('prop') || null, detail, q: detail ? (p.get('q') ?? '') : '', page: detail ? page : 1 };
}

export function buildSearch(s: DashState): string {
  const parts: [string, string][] = [];
  if (s.period !== DEFAULT_PERIOD) parts.push(['period', s.period]);
  if (s.date && (s.period === 'day' || s.period === 'month' || s.period === 'year')) parts.push(['date', s.date]);
  if (s.period === 'custom' && s.from && s.to) parts.push(['from', s.from], ['to', s.to]);
  if (s.compare && s.period !== 'realtime') parts.push(['compare', COMPARE_PARAM[s.compare]]);
  if (s.metric !== 'visitors') parts.push(['metric', s.metric]);
  if (s.interval) parts.push(['interval', s.interval]);
  for (const f of s.filters) parts.push(['f', encodeFilter(f)]);
  for (const panel of Object.keys(PANEL_TABS) as PanelId[]) {
    const tab = s.tabs[panel];
    if (tab && tab !== PANEL_TABS[panel][0]!.key) parts.push([panel, tab]);
  }
  if (s.prop) parts.push(['prop', s.prop]);
  if (s.detail) {
    parts.push(['detail', s.detail]);
    if (s.q) parts.push(['q', s.q]);
    if (s.page > 1) parts.push(['page', String(s.page)]);
  }
  return parts.length ? '?' + parts.map(([k, v]) => `${k}=${encodeParam(v)}`).join('&') : '';
}

/** encodeURIComponent, but leaving characters that are safe in a query and keep links readable. */
function encodeParam(v: string): string {
  return encodeURIComponent(v).replace(/%(2C|7C|3A|2F|40)/g, (m) => decodeURIComponent(m));
}

export function tabOf(s: DashState, panel: PanelId): string {
  return s.tabs[panel] ?? PANEL_TABS[panel][0]!.key;
}
