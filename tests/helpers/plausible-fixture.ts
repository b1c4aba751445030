// A small, self-consistent Plausible CSV export (three days), as their "export all stats" zip holds it.
import { zipSync } from 'fflate';

const csv = (header: string, rows: Array<Array<string | number>>) => [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';

/** date, visitors, pageviews, bounces, visits, visit_duration (seconds, summed over visits) */
export const VISITORS: Array<[string, number, number, number, number, number]> = [
  ['2024-03-30', 40, 130, 20, 50, 3000],
  ['2024-03-31', 25, 60, 12, 30, 1200], // the day Europe/Berlin moves to summer time (23 hours)
  ['2024-04-01', 10, 10, 10, 10, 0], // all bounces
];

/** date, source, referrer, utm_source, utm_medium, utm_campaign, pageviews, visitors, visits, visit_duration, bounces */
export const SOURCES: Array<[string, string, string, string, string, string, number, number, number, number, number]> = [
  ['2024-03-30', 'Google', 'google.com', '', '', '', 60, 18, 22, 1500, 8],
  ['2024-03-30', 'Hacker News', 'news.ycombinator.com', '', '', '', 40, 12, 15, 900, 6],
  ['2024-03-30', 'Newsletter', '', 'newsletter', 'email', 'spring', 10, 5, 5, 100, 3],
  // 8 direct visits are in no source row: the importer adds them as Direct.
  ['2024-03-31', 'Google', 'google.com', '', '', '', 36, 15, 18, 800, 7],
  ['2024-03-31', 'Direct / None', '', '', '', '', 24, 10, 12, 400, 5],
  ['2024-04-01', 'DuckDuckGo', 'duckduckgo.com', '', '', '', 10, 10, 10, 0, 10],
];

/** date, hostname, page, visits, visitors, pageviews */
export const PAGES: Array<[string, string, string, number, number, number]> = [
  ['2024-03-30', 'shop.example', '/', 30, 25, 60],
  ['2024-03-30', 'shop.example', '/pricing', 20, 15, 40],
  ['2024-03-30', 'shop.example', '/blog/hello', 15, 10, 30],
  ['2024-03-31', 'shop.example', '/', 20, 15, 35],
  ['2024-03-31', 'shop.example', '/docs', 15, 10, 25],
  ['2024-04-01', 'shop.example', '/pricing', 10, 10, 10],
];

/** date, entry_page, visitors, entrances, visit_duration, bounces, pageviews */
export const ENTRY_PAGES: Array<[string, string, number, number, number, number, number]> = [
  ['2024-03-30', '/', 25, 30, 2000, 10, 80],
  ['2024-03-30', '/blog/hello', 12, 20, 1000, 10, 50],
  ['2024-03-31', '/', 20, 30, 1200, 12, 60],
  ['2024-04-01', '/pricing', 10, 10, 0, 10, 10],
];

export function plausibleZip(): Buffer {
  const files = [
    ['imported_visitors_20240330_20240401.csv', csv('date,visitors,pageviews,bounces,visits,visit_duration', VISITORS)],
    ['imported_sources_20240330_20240401.csv', csv('date,source,referrer,utm_source,utm_medium,utm_campaign,pageviews,visitors,visits,visit_duration,bounces', SOURCES)],
    ['imported_pages_20240330_20240401.csv', csv('date,hostname,page,visits,visitors,pageviews', PAGES)],
    ['imported_entry_pages_20240330_20240401.csv', csv('date,entry_page,visitors,entrances,visit_duration,bounces,pageviews', ENTRY_PAGES)],
    ['imported_locations_20240330_20240401.csv', csv('date,country,region,city,visitors,visits,visit_duration,bounces,pageviews', [
      ['2024-03-30', 'DE', 'DE-BE', 2950159, 30, 35, 2000, 12, 90], ['2024-03-30', 'US', '', 0, 12, 15, 1000, 8, 40],
      ['2024-03-31', 'FR', 'FR-IDF', 0, 25, 30, 1200, 12, 60], ['2024-04-01', 'GB', '', 0, 10, 10, 0, 10, 10],
    ])],
    ['imported_devices_20240330_20240401.csv', csv('date,device,visitors,visits,visit_duration,bounces,pageviews', [
      ['2024-03-30', 'Desktop', 30, 40, 2500, 15, 100], ['2024-03-30', 'Mobile', 10, 10, 500, 5, 30],
    ])],
    ['imported_browsers_20240330_20240401.csv', csv('date,browser,browser_version,visitors,visits,visit_duration,bounces,pageviews', [
      ['2024-03-30', 'Firefox', '125.0', 40, 50, 3000, 20, 130],
    ])],
    ['imported_operating_systems_20240330_20240401.csv', csv('date,operating_system,operating_system_version,visitors,visits,visit_duration,bounces,pageviews', [
      ['2024-03-30', 'Linux', '(not set)', 40, 50, 3000, 20, 130],
    ])],
    ['imported_custom_events_20240330_20240401.csv', csv('date,name,link_url,path,visitors,events', [
      ['2024-03-30', 'Signup', '', '', 4, 6], ['2024-03-30', 'Outbound Link: Click', 'https://github.com/x', '', 3, 3],
    ])],
  ] as const;
  return Buffer.from(zipSync(Object.fromEntries(files.map(([name, text]) => [`plausible-export/${name}`, Buffer.from(text)]))));
}
