// Stats API request bodies for each view of the dashboard, built from the URL state.
import type { QueryBody } from './api.ts';
import { countryName, dimension } from './dimensions.ts';
import { toApiFilter } from './filters.ts';
import { ISO_NUMERIC_TO_ALPHA2 } from '../map/iso-numeric.ts';
import { apiRange, chooseInterval, type Interval } from './periods.ts';
import { tabDims, type TabDef } from './panel-tabs.ts';
import type { DashState } from './url-state.ts';

export const TOP_METRICS = ['visitors', 'visits', 'pageviews', 'views_per_visit', 'bounce_rate', 'visit_duration'] as const;

export function base(site: string, s: DashState): Pick<QueryBody, 'site_id' | 'date_range' | 'date' | 'filters'> {
  return { site_id: site, ...apiRange(s), filters: s.filters.map(toApiFilter) };
}

function comparison(s: DashState): QueryBody['include'] {
  return s.compare && s.period !== 'realtime' ? { comparisons: { mode: s.compare } } : {};
}

export function topStatsQuery(site: string, s: DashState): QueryBody {
  return { ...base(site, s), metrics: [...TOP_METRICS], include: comparison(s) };
}

/** Visitors in the last 5 minutes, whatever the view's range or filters ("who is here now"). */
export function currentVisitorsQuery(site: string, now = Date.now()): QueryBody {
  // A whole minute as the end: the request (and its cache key) stays the same within a minute.
  const end = Math.ceil(now / 60_000) * 60_000;
  return { site_id: site, date_range: [new Date(end - 5 * 60_000).toISOString(), new Date(end).toISOString()], metrics: ['visitors'] };
}

export function timeseriesQuery(site: string, s: DashState): { body: QueryBody; interval: Interval } {
  const interval = chooseInterval(s, s.interval);
  const metrics = s.period === 'realtime' ? ['visitors', 'pageviews'] : [s.metric];
  return {
    interval,
    body: { ...base(site, s), metrics, dimensions: [`time:${interval}`], include: { time_labels: true, ...comparison(s) } },
  };
}

/** Whether the site has ever received an event (decides between "no data here" and the install guide). */
export function anyEventsQuery(site: string): QueryBody {
  return { site_id: site, date_range: 'all', metrics: ['events'] };
}

export interface BreakdownOpts {
  limit: number;
  offset?: number;
  search?: string;
  totalRows?: boolean;
  /** Only the first metric (the panel lists); the details view asks for all. */
  allMetrics?: boolean;
}

/**
 * Whether a list's share column can be computed from the headline visitors (same filters)
 * instead of asking the API, which answers a share with a second query. A goal filter changes
 * the conversion rate's denominator, so then the API computes it.
 */
export function shareFromTotal(s: DashState, tab: TabDef): boolean {
  return tab.listExtra === 'percentage' || (tab.listExtra === 'conversion_rate' && !s.filters.some((f) => f.dim === 'goal'));
}

export function breakdownQuery(site: string, s: DashState, tab: TabDef, o: BreakdownOpts): QueryBody | null {
  const dims = tabDims(tab, s.prop);
  if (dims.length === 0) return null;
  const api = dims.map((d) => dimension(d)!.api);
  const metrics = o.allMetrics ? tab.metrics : tab.listExtra && !shareFromTotal(s, tab) ? [tab.metrics[0]!, tab.listExtra] : [tab.metrics[0]!];
  // A property's values are those of the events that carry it, not "(not set)" for the rest.
  const carriesProp = tab.prop && s.prop ? [['is', 'event:prop_key', [s.prop]]] : [];
  const filters = [...s.filters.map(toApiFilter), ...(tab.filters ?? []), ...carriesProp] as unknown[];
  const search = o.search?.trim();
  if (search) filters.push(searchFilter(dims, search));
  return {
    ...base(site, s),
    filters,
    metrics,
    dimensions: api,
    order_by: [[metrics[0]!, 'desc']],
    pagination: { limit: o.limit, offset: o.offset ?? 0 },
    ...(o.totalRows ? { include: { total_rows: true } } : {}),
  };
}

/**
 * Search matches any of the tab's dimensions, ignoring case (an RE2 `(?i)` pattern of the
 * literal text: the API's `contains` is case-sensitive); countries also match by name.
 */
function searchFilter(dims: string[], text: string): unknown {
  const pattern = '(?i)' + text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
  const parts: unknown[] = dims.map((d) => ['matches', dimension(d)!.api, [pattern]]);
  if (dims.includes('country')) {
    const needle = text.toLowerCase();
    const codes = Object.values(ISO_NUMERIC_TO_ALPHA2).filter((c) => countryName(c).toLowerCase().includes(needle));
    if (codes.length) parts.push(['is', 'visit:country', codes]);
  }
  return parts.length === 1 ? parts[0] : ['or', parts];
}
