// Campaign (UTM) fields from the kept query parameters of a page URL.

export interface Utm {
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
}

export function utmFromQuery(query: Record<string, string>): Utm {
  return {
    // `ref` and `source` are the informal campaign tags many sites and newsletters
    // use (?ref=producthunt); Plausible reads them the same way, in this order.
    utmSource: valueOf(query, 'utm_source') ?? valueOf(query, 'ref') ?? valueOf(query, 'source'),
    utmMedium: valueOf(query, 'utm_medium'),
    utmCampaign: valueOf(query, 'utm_campaign'),
    utmContent: valueOf(query, 'utm_content'),
    utmTerm: valueOf(query, 'utm_term'),
  };
}

function valueOf(query: Record<string, string>, key: string): string | null {
  // hasOwn: a caller's object may not come from parsePageUrl.
  if (!Object.hasOwn(query, key)) return null;
  const value = query[key];
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
