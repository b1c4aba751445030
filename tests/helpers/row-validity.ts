// What a valid stored event is: each rule is a SQL condition that must hold for every row of `events`.
import type { Db } from '../../src/store/duckdb.ts';

const RULES: ReadonlyArray<readonly [string, string]> = [
  ['site is a known site', `site IN (SELECT domain FROM sites)`],
  ['name is trimmed, 1-120 chars', `length(name) BETWEEN 1 AND 120 AND name = trim(name)`],
  ['pathname is a path of at most 2000 chars', `starts_with(pathname, '/') AND length(pathname) <= 2000`],
  ['hostname is set and short', `length(hostname) BETWEEN 1 AND 253`],
  ['title at most 500 chars', `title IS NULL OR length(title) <= 500`],
  ['referrer at most 2000 chars, no scheme', `referrer IS NULL OR (length(referrer) <= 2000 AND NOT regexp_matches(referrer, '^[a-z]+://'))`],
  ['utm values at most 300 chars', `coalesce(length(utm_source), 0) <= 300 AND coalesce(length(utm_medium), 0) <= 300 AND coalesce(length(utm_campaign), 0) <= 300 AND coalesce(length(utm_content), 0) <= 300 AND coalesce(length(utm_term), 0) <= 300`],
  ['channel is set', `channel IS NOT NULL`],
  ['device is a known class', `device IS NULL OR device IN ('desktop', 'mobile', 'tablet')`],
  ['country is an ISO code', `country IS NULL OR regexp_full_match(country, '[A-Z]{2}')`],
  ['screen is whole or absent, 1-20000', `(screen_width IS NULL) = (screen_height IS NULL) AND coalesce(screen_width, 1) BETWEEN 1 AND 20000 AND coalesce(screen_height, 1) BETWEEN 1 AND 20000`],
  ['props: 1-30 keys, bounded keys and values', `props IS NULL OR (cardinality(props) BETWEEN 1 AND 30 AND list_bool_and(list_transform(map_keys(props), k -> length(k) BETWEEN 1 AND 300)) AND list_bool_and(list_transform(map_values(props), v -> length(v) BETWEEN 1 AND 2000)))`],
  ['revenue is bounded', `revenue IS NULL OR abs(revenue) < 1e13`],
  ['scroll depth 0-100', `scroll_depth IS NULL OR scroll_depth <= 100`],
  ['engaged time at most a day', `engaged_ms IS NULL OR engaged_ms <= 86400000`],
  ['visitor and visit ids are set', `visitor_id <> 0 AND session_id <> 0`],
];

/** Rule -> number of rows breaking it (only rules that are broken), plus duplicated ids. */
export async function invalidRows(db: Db): Promise<Record<string, number>> {
  const checks = RULES.map(([, condition], i) => `count(*) FILTER (NOT coalesce((${condition}), false)) AS r${i}`).join(', ');
  const [row] = await db.all<Record<string, bigint>>(`SELECT ${checks}, count(*) - count(DISTINCT id) AS duplicated FROM events`);
  const broken: Record<string, number> = {};
  RULES.forEach(([name], i) => {
    const n = Number(row?.[`r${i}`] ?? 0n);
    if (n > 0) broken[name] = n;
  });
  if (Number(row?.duplicated ?? 0n) > 0) broken['ids are unique'] = Number(row!.duplicated);
  return broken;
}
