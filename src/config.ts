// The only reader of flags and environment: returns a typed, frozen Config or throws ConfigError.
import { parseArgs } from 'node:util';
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** CIDRs whose X-Forwarded-For / Forwarded headers are believed. */
  readonly trustProxy: readonly string[];
  /** A MaxMind or DB-IP .mmdb adding region and city; null uses the bundled country DB. */
  readonly geoipFile: string | null;
  /** Extra referrer-spam hosts, one per line. */
  readonly spamReferrersFile: string | null;
  /** Serve /metrics to any address, not only loopback. */
  readonly metricsPublic: boolean;
  /** When set, /metrics is served only on this port (on the same host), not on the main one. */
  readonly metricsPort: number | null;
  /** The origin browsers use, e.g. https://stats.example.com: other Host values are refused (host-check.ts). */
  readonly publicUrl: string | null;
  readonly flushIntervalMs: number;
  readonly batchSize: number;
  readonly spoolMaxBytes: number;
  /** First-party alias for the tracker script, e.g. /assets/app.js. */
  readonly scriptPath: string | null;
  /** First-party alias for POST /api/event, e.g. /assets/e. */
  readonly eventPath: string | null;
  readonly bodyLimitBytes: number;
  /** How long a stats query's statements may run together before it is stopped (503 query_timeout); at most a minute, the ClickHouse client's own request timeout. */
  readonly queryTimeoutMs: number;
  /** Hits per IP and user agent on the collect endpoints; null is no limit. */
  readonly rateLimit: RateLimit | null;
  /** CSP frame-ancestors sources for share-link dashboards (everything else is never framed). */
  readonly frameAncestors: string;
  /** Where events are stored and queried: the embedded DuckDB file, or a ClickHouse server. */
  readonly store: 'duckdb' | 'clickhouse';
  /** http(s)://[user:password@]host:8123 when store is clickhouse. */
  readonly clickhouseUrl: string | null;
  readonly clickhouseDatabase: string;
  /** postgres://user[:password]@host:5432/db: users, sites, salts, keys, shares and goals, shared by every node. */
  readonly appDb: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Each option: its flag, its environment variable, its default and how to read it. */
const options = {
  port: { flag: 'port', env: 'PORT', fallback: '8000', read: readPort },
  host: { flag: 'host', env: 'HOST', fallback: '127.0.0.1', read: readNonEmpty },
  dataDir: { flag: 'data', env: 'INKLING_DATA_DIR', fallback: './data', read: (v: string) => path.resolve(v) },
  trustProxy: { flag: 'trust-proxy', env: 'INKLING_TRUST_PROXY', fallback: '', read: readList },
  geoipFile: { flag: 'geoip', env: 'INKLING_GEOIP', fallback: '', read: readOptionalPath },
  spamReferrersFile: { flag: 'spam-referrers', env: 'INKLING_SPAM_REFERRERS', fallback: '', read: readOptionalPath },
  metricsPublic: { flag: 'metrics-public', env: 'INKLING_METRICS_PUBLIC', fallback: 'false', read: readBoolean },
  metricsPort: { flag: 'metrics-port', env: 'INKLING_METRICS_PORT', fallback: '', read: (v: string) => (v.trim() === '' ? null : readPort(v)) },
  publicUrl: { flag: 'public-url', env: 'INKLING_PUBLIC_URL', fallback: '', read: readOptionalPublicUrl },
  flushIntervalMs: { flag: 'flush-interval-ms', env: 'INKLING_FLUSH_INTERVAL_MS', fallback: '1000', read: intIn(10, 1000) },
  batchSize: { flag: 'batch-size', env: 'INKLING_BATCH_SIZE', fallback: '15000', read: intIn(1, 1_000_000) },
  spoolMaxBytes: { flag: 'spool-max-mb', env: 'INKLING_SPOOL_MAX_MB', fallback: '1024', read: (v: string) => intIn(1, 1_048_576)(v) * 1024 * 1024 },
  scriptPath: { flag: 'script-path', env: 'INKLING_SCRIPT_PATH', fallback: '', read: readOptionalUrlPath },
  eventPath: { flag: 'event-path', env: 'INKLING_EVENT_PATH', fallback: '', read: readOptionalUrlPath },
  bodyLimitBytes: { flag: 'body-limit', env: 'INKLING_BODY_LIMIT', fallback: '65536', read: intIn(1024, 10_485_760) },
  queryTimeoutMs: { flag: 'query-timeout-ms', env: 'INKLING_QUERY_TIMEOUT_MS', fallback: '15000', read: intIn(1, 60_000) },
  rateLimit: { flag: 'rate-limit', env: 'INKLING_RATE_LIMIT', fallback: '100/10s', read: parseRateLimit },
  frameAncestors: { flag: 'frame-ancestors', env: 'INKLING_FRAME_ANCESTORS', fallback: "'none'", read: readFrameAncestors },
  store: { flag: 'store', env: 'INKLING_STORE', fallback: 'duckdb', read: readStore },
  clickhouseUrl: { flag: 'clickhouse-url', env: 'INKLING_CLICKHOUSE_URL', fallback: '', read: readOptionalHttpUrl },
  clickhouseDatabase: { flag: 'clickhouse-database', env: 'INKLING_CLICKHOUSE_DATABASE', fallback: 'inkling', read: readIdentifier },
  appDb: { flag: 'app-db', env: 'INKLING_APP_DB', fallback: '', read: readOptionalPostgresUrl },
} as const;

type OptionKey = keyof typeof options;

/** The flags every command that opens the data dir understands, for parseArgs. */
export const configFlags = Object.fromEntries(
  Object.values(options).map((o) => [o.flag, { type: 'string' as const }]),
) as Record<string, { type: 'string' }>;

/** Flags beat environment, which beats defaults. `argv` holds only flags. */
export function loadConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Config {
  const { values } = parseArgs({ args: [...argv], options: configFlags, strict: true, allowPositionals: false });
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(options) as OptionKey[]) {
    const option = options[key];
    const flagValue = values[option.flag];
    const raw = typeof flagValue === 'string' ? flagValue : env[option.env] ?? option.fallback;
    const source = typeof flagValue === 'string' ? `--${option.flag}` : env[option.env] !== undefined ? option.env : 'default';
    try {
      config[key] = option.read(raw);
    } catch (error) {
      throw new ConfigError(`Invalid ${source} value ${JSON.stringify(raw)}: ${(error as Error).message}`);
    }
  }
  if (config.store === 'clickhouse' && config.clickhouseUrl === null) {
    throw new ConfigError('--store clickhouse needs --clickhouse-url http://host:8123 (or INKLING_CLICKHOUSE_URL)');
  }
  // PostgreSQL holds app data only: events in the local DuckDB file beside shared app data is not supported.
  if (config.appDb !== null && config.store !== 'clickhouse') {
    throw new ConfigError('--app-db (PostgreSQL app data) needs --store clickhouse --clickhouse-url http://host:8123: events must live in ClickHouse');
  }
  if (config.metricsPort !== null && config.metricsPort !== 0 && config.metricsPort === config.port) {
    throw new ConfigError('--metrics-port must differ from --port: /metrics moves to its own port');
  }
  return Object.freeze(config) as unknown as Config;
}

/** Splits parsed flags into config flags (kept) and the rest, so commands can add their own. */
export function configArgs(values: Record<string, unknown>): string[] {
  const args: string[] = [];
  for (const option of Object.values(options)) {
    const value = values[option.flag];
    if (typeof value === 'string') args.push(`--${option.flag}`, value);
  }
  return args;
}

function readPort(value: string): number {
  return intIn(0, 65535)(value);
}

function intIn(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new Error(`expected a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new Error(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

function readNonEmpty(value: string): string {
  if (value.trim() === '') throw new Error('must not be empty');
  return value.trim();
}

function readList(value: string): readonly string[] {
  return Object.freeze(value.split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

function readOptionalPath(value: string): string | null {
  return value.trim() === '' ? null : path.resolve(value.trim());
}

function readOptionalUrlPath(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(trimmed)) throw new Error('expected a URL path such as /assets/app.js');
  return trimmed;
}

function readBoolean(value: string): boolean {
  const lower = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(lower)) return false;
  throw new Error('expected true or false');
}

/** "'none'", or space/comma separated "'self'" and origins (https://blog.example.com, https://*.example.com). */
function readFrameAncestors(value: string): string {
  const sources = value.split(/[\s,]+/).filter((s) => s !== '');
  if (sources.length === 0 || (sources.length === 1 && sources[0] === "'none'")) return "'none'";
  for (const source of sources) {
    if (source !== "'self'" && !/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(source)) {
      throw new Error(`"${source}" is not 'none', 'self' or an origin such as https://blog.example.com`);
    }
  }
  return sources.join(' ');
}

function readStore(value: string): 'duckdb' | 'clickhouse' {
  const lower = value.trim().toLowerCase();
  if (lower === 'duckdb' || lower === 'clickhouse') return lower;
  throw new Error('expected duckdb or clickhouse');
}

function readOptionalHttpUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error('expected an http(s) URL such as http://clickhouse:8123');
  return trimmed;
}

/** An origin such as https://stats.example.com (a trailing / is fine; a path, query or user is not). */
function readOptionalPublicUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw new Error('expected an absolute http(s) URL such as https://stats.example.com');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error('expected only scheme, host and port, such as https://stats.example.com (no path, query or user)');
  }
  return url.origin;
}

function readOptionalPostgresUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.hostname === '') {
    throw new Error('expected a PostgreSQL URL such as postgres://inkling@db:5432/inkling');
  }
  return trimmed;
}

function readIdentifier(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value.trim())) throw new Error('expected a plain name (letters, digits, _)');
  return value.trim();
}

/** A hit rate limit (--rate-limit; imports take one too), read here so config imports no ingest code. */
export interface RateLimit {
  /** Hits allowed in a burst, refilled evenly over `perMs`. */
  hits: number;
  perMs: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "100/10s", "300/1m", "20/s" or "off" (null). Throws with the expected form on anything else. */
export function parseRateLimit(text: string): RateLimit | null {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === 'none') return null;
  const match = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h)$/.exec(value);
  const hits = Number(match?.[1]);
  const perMs = Number(match?.[2] || '1') * (UNIT_MS[match?.[3] ?? ''] ?? NaN);
  if (!match || !(hits >= 1 && hits <= 1_000_000) || !(perMs >= 1 && perMs <= 86_400_000)) {
    throw new Error('expected hits per period such as 100/10s, 300/1m or 20/s (1 to 1000000 hits, up to 24h), or off');
  }
  return Object.freeze({ hits, perMs });
}
