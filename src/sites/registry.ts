// The in-memory list of sites the hot path reads; the admin operations keep it in step with the store.
import type { SiteSettings } from '../store/site-settings.ts';
import { compileRules, type SiteRules } from './rules.ts';

export interface Site {
  domain: string;
  timezone: string;
  /** Allowed hostnames and exclusions (absent: none). */
  rules?: SiteRules;
}

export class SiteRegistry {
  private readonly byDomain = new Map<string, Site>();

  constructor(sites: readonly Site[] = []) {
    for (const site of sites) this.byDomain.set(site.domain, site);
  }

  get(domain: string): Site | undefined {
    return this.byDomain.get(domain);
  }

  /** The single site, when exactly one exists (the pixel's last-resort choice). */
  only(): Site | undefined {
    if (this.byDomain.size !== 1) return undefined;
    return this.byDomain.values().next().value;
  }

  put(site: Site): void {
    this.byDomain.set(site.domain, site);
  }

  delete(domain: string): void {
    this.byDomain.delete(domain);
  }

  /** Holds exactly `sites` from now on (reloaded from app data that other nodes change too). */
  replaceAll(sites: readonly Site[]): void {
    this.byDomain.clear();
    for (const site of sites) this.byDomain.set(site.domain, site);
  }
}

/** What the ingest hot path holds per site: its zone and compiled rules. */
export function siteForRegistry(s: SiteSettings): Site {
  return { domain: s.domain, timezone: s.timezone, rules: compileRules(s) };
}
