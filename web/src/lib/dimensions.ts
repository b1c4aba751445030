// The dimensions the dashboard shows and filters by: short names for URLs, the API's names,
// and how a raw label reads to a person. Labels stay text: nothing here builds markup.
export interface DimensionInfo {
  /** The short name used in the URL (`f=is,country,DE`). */
  key: string;
  /** The Stats API dimension. */
  api: string;
  label: string;
  group: 'Pages' | 'Sources' | 'Campaigns' | 'Locations' | 'Devices' | 'Events';
}

const D = (key: string, api: string, label: string, group: DimensionInfo['group']): DimensionInfo => ({ key, api, label, group });

export const DIMENSIONS: readonly DimensionInfo[] = [
  D('page', 'event:page', 'Page', 'Pages'),
  D('entry_page', 'visit:entry_page', 'Entry page', 'Pages'),
  D('exit_page', 'visit:exit_page', 'Exit page', 'Pages'),
  D('hostname', 'event:hostname', 'Hostname', 'Pages'),
  D('channel', 'visit:channel', 'Channel', 'Sources'),
  D('source', 'visit:source', 'Source', 'Sources'),
  D('referrer', 'visit:referrer', 'Referrer', 'Sources'),
  D('utm_source', 'visit:utm_source', 'UTM source', 'Campaigns'),
  D('utm_medium', 'visit:utm_medium', 'UTM medium', 'Campaigns'),
  D('utm_campaign', 'visit:utm_campaign', 'UTM campaign', 'Campaigns'),
  D('utm_content', 'visit:utm_content', 'UTM content', 'Campaigns'),
  D('utm_term', 'visit:utm_term', 'UTM term', 'Campaigns'),
  D('country', 'visit:country', 'Country', 'Locations'),
  D('region', 'visit:region', 'Region', 'Locations'),
  D('city', 'visit:city', 'City', 'Locations'),
  D('browser', 'visit:browser', 'Browser', 'Devices'),
  D('browser_version', 'visit:browser_version', 'Browser version', 'Devices'),
  D('os', 'visit:os', 'Operating system', 'Devices'),
  D('os_version', 'visit:os_version', 'OS version', 'Devices'),
  D('device', 'visit:device', 'Device', 'Devices'),
  D('screen', 'visit:screen', 'Screen size', 'Devices'),
  D('goal', 'event:name', 'Event', 'Events'),
];

const BY_KEY = new Map(DIMENSIONS.map((d) => [d.key, d]));
const BY_API = new Map(DIMENSIONS.map((d) => [d.api, d]));
export const PROP_KEY_PREFIX = 'props:';
const PROP_API_PREFIX = 'event:props:';

/** Looks up a short name; `props:<key>` is a custom property. */
export function dimension(key: string): DimensionInfo | null {
  const known = BY_KEY.get(key);
  if (known) return known;
  if (key.startsWith(PROP_KEY_PREFIX) && key.length > PROP_KEY_PREFIX.length) {
    const prop = key.slice(PROP_KEY_PREFIX.length);
    return { key, api: PROP_API_PREFIX + prop, label: `Property “${prop}”`, group: 'Events' };
  }
  return null;
}

export function dimensionByApi(api: string): DimensionInfo | null {
  if (api.startsWith(PROP_API_PREFIX)) return dimension(PROP_KEY_PREFIX + api.slice(PROP_API_PREFIX.length));
  return BY_API.get(api) ?? null;
}

let regionNames: Intl.DisplayNames | null = null;

/** "DE" -> "Germany"; unknown codes stay as they are. */
export function countryName(code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

const NONE: Record<string, string> = {
  source: 'Direct / None',
  referrer: 'Direct / None',
  channel: 'Direct',
};

/** How a raw label reads. null means the visit had no value for it. */
export function displayValue(key: string, value: string | null): string {
  if (value === null || value === '') return NONE[key] ?? '(not set)';
  switch (key) {
    case 'country':
      return countryName(value);
    case 'region': {
      // ISO 3166-2 ("DE-BE"): no table of subdivision names ships, so the code and its country.
      const [country, sub] = value.split('-', 2);
      return sub ? `${sub}, ${countryName(country!)}` : value;
    }
    case 'device':
      return value.charAt(0).toUpperCase() + value.slice(1);
    default:
      return value;
  }
}
