// Stats API keys: creation (the key is shown once, only its SHA-256 is stored), scopes (read-only
// or admin; every site or a list of sites), listing and revocation (the per-key rate limit: lib/reader-rate-limiter.ts).
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import type { Db } from './duckdb.ts';
import { ApiError } from '../errors.ts';
import { STAFF_ROLES } from './users.ts';

export const DEFAULT_RATE_PER_MINUTE = 600;
const KEY_PREFIX = 'ink_';

export const KEY_ACCESS = ['read', 'admin'] as const;
export type KeyAccess = (typeof KEY_ACCESS)[number];

/** The maker of a key created with `inkling apikey create`: whoever holds the data directory. */
export const CLI_CREATOR = 'cli';

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  ratePerMinute: number;
  access: KeyAccess;
  /** Null: every site. */
  sites: string[] | null;
  createdAt: string;
  revokedAt: string | null;
  /** The maker's user id, CLI_CREATOR, or null: made before creators were recorded. */
  createdBy: string | null;
  /** For display: the maker's email, "command line", "deleted user" or "unknown creator". */
  creator: string;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface CreateKeyOptions {
  name: string;
  ratePerMinute?: number;
  /** Default read. */
  access?: KeyAccess;
  /** Default every site. */
  sites?: readonly string[] | null;
  /** The signed-in user's id, or CLI_CREATOR; default null (no known maker, never revoked with one). */
  createdBy?: string | null;
  randomBytes?: (size: number) => Buffer;
}

/** Creates a key; the returned `key` is the only time the secret exists outside the client. */
export async function createApiKey(db: Db, opts: CreateKeyOptions): Promise<ApiKeyInfo & { key: string }> {
  const random = opts.randomBytes ?? nodeRandomBytes;
  const key = KEY_PREFIX + random(32).toString('base64url');
  const id = `k_${random(6).toString('hex')}`;
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const rate = opts.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
  if (!Number.isSafeInteger(rate) || rate < 1 || rate > 1_000_000) throw new ApiError('invalid_query', 'rate: must be an integer from 1 to 1000000 requests per minute');
  const sites = opts.sites ?? null;
  await db.run(
    'INSERT INTO api_keys (id, name, key_hash, key_prefix, rate_limit_per_minute, access, all_sites, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [id, opts.name, hashKey(key), prefix, rate, opts.access ?? 'read', sites === null, opts.createdBy ?? null],
  );
  for (const site of sites ?? []) await db.run('INSERT INTO api_key_sites (key_id, site) VALUES ($1, $2)', [id, site]);
  const [info] = await listApiKeys(db, id);
  return { ...info!, key };
}

interface KeyRow {
  id: string;
  name: string;
  key_prefix: string;
  rate_limit_per_minute: number;
  access: string | null;
  all_sites: boolean | null;
  created_at: Date;
  revoked_at: Date | null;
  created_by: string | null;
  creator_email: string | null;
  [k: string]: unknown;
}

function toInfo(r: KeyRow, scopes: Map<string, string[]>): ApiKeyInfo {
  return {
    id: r.id, name: r.name, prefix: r.key_prefix, ratePerMinute: r.rate_limit_per_minute, access: r.access === 'admin' ? 'admin' : 'read',
    // A key scoped to sites that were all deleted reads nothing, never everything.
    sites: r.all_sites === false ? (scopes.get(r.id) ?? []) : null,
    createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null,
    createdBy: r.created_by, creator: creatorLabel(r),
  };
}

function creatorLabel(r: KeyRow): string {
  if (r.created_by === null) return 'unknown creator';
  if (r.created_by === CLI_CREATOR) return 'command line';
  return r.creator_email ?? 'deleted user';
}

async function keySites(db: Db): Promise<Map<string, string[]>> {
  const scopes = new Map<string, string[]>();
  for (const row of await db.all<{ key_id: string; site: string }>('SELECT key_id, site FROM api_key_sites ORDER BY site')) {
    scopes.set(row.key_id, [...(scopes.get(row.key_id) ?? []), row.site]);
  }
  return scopes;
}

const KEY_COLUMNS = 'k.id, k.name, k.key_prefix, k.rate_limit_per_minute, k.access, k.all_sites, k.created_at, k.revoked_at, k.created_by, u.email AS creator_email';
const KEYS_WITH_CREATOR = 'api_keys k LEFT JOIN users u ON u.id = k.created_by';

export async function listApiKeys(db: Db, id?: string): Promise<ApiKeyInfo[]> {
  const rows = await db.all<KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${KEYS_WITH_CREATOR}${id ? ' WHERE k.id = $1' : ''} ORDER BY k.created_at, k.id`, id ? [id] : []);
  const scopes = await keySites(db);
  return rows.map((r) => toInfo(r, scopes));
}

/** Forgets a deleted site in every key's scope. */
export async function dropSiteFromKeys(db: Db, site: string): Promise<void> {
  await db.run('DELETE FROM api_key_sites WHERE site = $1', [site]);
}

/** Returns false when no active key has that id. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const [active] = await db.all('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [id]);
  if (!active) return false;
  await db.run('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id]);
  return true;
}

export interface ActiveKey {
  id: string;
  ratePerMinute: number;
  access: KeyAccess;
  sites: string[] | null;
}

/**
 * The active key a secret belongs to, or null. Looked up by hash, so timing reveals nothing of the
 * key. A key made by a user works only while that user exists with a role that may make keys:
 * revocation on removal and demotion (store/users.ts) does this too, and this check holds
 * even for a change made behind the server's back (another node, an edited database).
 */
export async function findKey(db: Db, key: string): Promise<ActiveKey | null> {
  const [row] = await db.all<KeyRow>(
    `SELECT ${KEY_COLUMNS} FROM ${KEYS_WITH_CREATOR} WHERE k.key_hash = $1 AND k.revoked_at IS NULL
      AND (k.created_by IS NULL OR k.created_by = $2 OR u.role IN (${STAFF_ROLES.map((_, i) => `$${i + 3}`).join(', ')}))`,
    [hashKey(key), CLI_CREATOR, ...STAFF_ROLES],
  );
  if (!row) return null;
  const sites = row.all_sites === false ? (await db.all<{ site: string }>('SELECT site FROM api_key_sites WHERE key_id = $1 ORDER BY site', [row.id])).map((r) => r.site) : null;
  return { id: row.id, ratePerMinute: row.rate_limit_per_minute, access: row.access === 'admin' ? 'admin' : 'read', sites };
}
