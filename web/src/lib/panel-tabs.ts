// The breakdown panels and their tabs, as data: which dimensions a tab groups by, which metrics
// its list and its details view show, and what clicking a row filters by.
import type { MetricKey } from './format.ts';
import type { ApiFilter } from './filters.ts';

export type PanelId = 'pages' | 'sources' | 'locations' | 'devices' | 'events';

export interface TabDef {
  key: string;
  label: string;
  /** Short dimension names (dimensions.ts); a row's label joins their values. */
  dims: string[];
  /** The column heading for the labels. */
  heading: string;
  /** The list shows metrics[0] as its bar; the details view shows all of them. */
  metrics: MetricKey[];
  /** A second column in the list (a share of the total). */
  listExtra?: MetricKey;
  /** Filters this tab always adds (e.g. only custom events). */
  filters?: ApiFilter[];
  /** A map, not a list (Locations). */
  map?: boolean;
  /** Needs the custom property key chosen in the tab. */
  prop?: boolean;
  /** Tabs of one group share a drop-down instead of each taking a tab (the UTM fields). */
  group?: string;
}

const T = (key: string, label: string, dims: string[], heading: string, metrics: MetricKey[], extra: Partial<TabDef> = {}): TabDef => ({ key, label, dims, heading, metrics, ...extra });

const ACQUISITION: MetricKey[] = ['visitors', 'visits', 'bounce_rate', 'visit_duration'];
const SHARE: MetricKey[] = ['visitors', 'percentage'];
/** Engagement pings are bookkeeping, pageviews are counted elsewhere: the rest are custom events. */
export const CUSTOM_EVENTS: ApiFilter = ['is_not', 'event:name', ['pageview', 'engagement']];

export const PANEL_TABS: Record<PanelId, readonly TabDef[]> = {
  pages: [
    T('top', 'Top pages', ['page'], 'Page', ['visitors', 'pageviews', 'bounce_rate', 'time_on_page']),
    T('entry', 'Entry pages', ['entry_page'], 'Entry page', ['visitors', 'visits', 'bounce_rate', 'visit_duration']),
    T('exit', 'Exit pages', ['exit_page'], 'Exit page', ['visitors', 'visits']),
  ],
  sources: [
    T('channels', 'Channels', ['channel'], 'Channel', ACQUISITION),
    T('sources', 'Sources', ['source'], 'Source', ACQUISITION),
    T('referrers', 'Referrers', ['referrer'], 'Referrer', ACQUISITION),
    T('utm_source', 'UTM source', ['utm_source'], 'UTM source', ACQUISITION, { group: 'Campaigns' }),
    T('utm_medium', 'UTM medium', ['utm_medium'], 'UTM medium', ACQUISITION, { group: 'Campaigns' }),
    T('utm_campaign', 'UTM campaign', ['utm_campaign'], 'UTM campaign', ACQUISITION, { group: 'Campaigns' }),
    T('utm_content', 'UTM content', ['utm_content'], 'UTM content', ACQUISITION, { group: 'Campaigns' }),
    T('utm_term', 'UTM term', ['utm_term'], 'UTM term', ACQUISITION, { group: 'Campaigns' }),
  ],
  locations: [
    T('map', 'Map', ['country'], 'Country', SHARE, { map: true, listExtra: 'percentage' }),
    T('countries', 'Countries', ['country'], 'Country', SHARE, { listExtra: 'percentage' }),
    T('regions', 'Regions', ['region'], 'Region', SHARE, { listExtra: 'percentage' }),
    T('cities', 'Cities', ['city'], 'City', SHARE, { listExtra: 'percentage' }),
  ],
  devices: [
    T('browsers', 'Browser', ['browser'], 'Browser', SHARE, { listExtra: 'percentage' }),
    T('browser_versions', 'Version', ['browser', 'browser_version'], 'Browser version', SHARE, { listExtra: 'percentage' }),
    T('os', 'OS', ['os'], 'Operating system', SHARE, { listExtra: 'percentage' }),
    T('os_versions', 'OS version', ['os', 'os_version'], 'OS version', SHARE, { listExtra: 'percentage' }),
    T('devices', 'Device', ['device'], 'Device', SHARE, { listExtra: 'percentage' }),
    T('screens', 'Screen', ['screen'], 'Screen size', SHARE, { listExtra: 'percentage' }),
  ],
  events: [
    T('goals', 'Events', ['goal'], 'Event', ['visitors', 'events', 'conversion_rate'], { filters: [CUSTOM_EVENTS], listExtra: 'conversion_rate' }),
    T('props', 'Properties', [], 'Value', ['visitors', 'events', 'percentage'], { prop: true, listExtra: 'percentage' }),
  ],
};

export const PANEL_TITLES: Record<PanelId, string> = {
  pages: 'Pages',
  sources: 'Sources',
  locations: 'Locations',
  devices: 'Devices',
  events: 'Events',
};

export function findTab(panel: PanelId, key: string): TabDef {
  return PANEL_TABS[panel].find((t) => t.key === key) ?? PANEL_TABS[panel][0]!;
}

/** The dimensions a tab groups by, with the Properties tab's chosen key filled in. */
export function tabDims(tab: TabDef, prop: string | null): string[] {
  return tab.prop ? (prop ? [`props:${prop}`] : []) : tab.dims;
}
