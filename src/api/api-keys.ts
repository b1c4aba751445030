// Stats API keys: creation (the key is shown once, only its SHA-256 is stored), listing,
// revocation, Bearer authentication and a per-key token-bucket rate limit.
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopback } from './ops-routes.ts';
import type { Db } from '../store/duckdb.ts';
import { ApiError } from '../query/errors.ts';
import { AdminError, type AdminOps } from '../admin/ops.ts';

export const DEFAULT_RATE_PER_MINUTE = 600;
const KEY_PREFIX = 'ink_';

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  ratePerMinute: number;
  createdAt: string;
  revokedAt: string | null;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface CreateKeyOptions {
  name: string;
  ratePerMinute?: number;
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
  await db.run('INSERT INTO api_keys (id, name, key_hash, key_prefix, rate_limit_per_minute) VALUES ($1, $2, $3, $4, $5)', [id, opts.name, hashKey(key), prefix, rate]);
  const [info] = await listApiKeys(db, id);
  return { ...info!, key };
}

interface KeyRow {
  id: string;
  name: string;
  key_prefix: string;
  rate_limit_per_minute: number;
  created_at: Date;
  revoked_at: Date | null;
  [k: string]: unknown;
}

function toInfo(r: KeyRow): ApiKeyInfo {
  return { id: r.id, name: r.name, prefix: r.key_prefix, ratePerMinute: r.rate_limit_per_minute, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null };
}

export async function listApiKeys(db: Db, id?: string): Promise<ApiKeyInfo[]> {
  const rows = await db.all<KeyRow>(
    `SELECT id, name, key_prefix, rate_limit_per_minute, created_at, revoked_at FROM api_keys${id ? ' WHERE id = $1' : ''} ORDER BY created_at, id`,
    id ? [id] : [],
  );
  return rows.map(toInfo);
}

/** Returns false when no active key has that id. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const [active] = await db.all('SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL', [id]);
  if (!active) return false;
  await db.run('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id]);
  return true;
}

/** The active key a secret belongs to, or null. Looked up by hash, so timing reveals nothing of the key. */
export async function findKey(db: Db, key: string): Promise<{ id: string; ratePerMinute: number } | null> {
  const [row] = await db.all<{ id: string; rate_limit_per_minute: number }>('SELECT id, rate_limit_per_minute FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [hashKey(key)]);
  return row ? { id: row.id, ratePerMinute: row.rate_limit_per_minute } : null;
}

/** Token buckets per key: `rate` tokens per minute, bursting up to `rate`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one token; when none is left, returns the whole seconds until one is. */
  take(id: string, ratePerMinute: number, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const perMs = ratePerMinute / 60_000;
    const bucket = this.buckets.get(id) ?? { tokens: ratePerMinute, at: now };
    bucket.tokens = Math.min(ratePerMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(id, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}

export interface AuthDeps {
  db: Db;
  clock: { now(): number };
  limiter?: RateLimiter;
  /**
   * Until accounts exist, a server bound to loopback with no reverse proxy configured lets
   * loopback clients read stats without a key (the dashboard on the same machine).
   */
  localAccess?: boolean;
}

/** A request straight from this machine: loopback peer and no sign of having been proxied. */
export function isLocalRequest(request: FastifyRequest): boolean {
  const h = request.headers;
  return isLoopback(request.socket.remoteAddress ?? '') && h['x-forwarded-for'] === undefined && h.forwarded === undefined && h['x-real-ip'] === undefined;
}

/** A Fastify preHandler: Bearer key -> 401 when missing or unknown, 429 + Retry-After when over the rate. */
export function bearerAuth(deps: AuthDeps): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const limiter = deps.limiter ?? new RateLimiter();
  return async (request, reply) => {
    const header = request.headers.authorization ?? '';
    if (header === '' && deps.localAccess === true && isLocalRequest(request)) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError('unauthorized', 'Send an API key as "Authorization: Bearer <key>" (create one with: npx inkling apikey create).');
    const key = await findKey(deps.db, match[1]!);
    if (!key) throw new ApiError('unauthorized', 'The API key is unknown or revoked.');
    const taken = limiter.take(key.id, key.ratePerMinute, deps.clock.now());
    if (!taken.ok) {
      reply.header('Retry-After', String(taken.retryAfterSeconds));
      throw new ApiError('rate_limited', `Rate limit of ${key.ratePerMinute} requests per minute exceeded; retry in ${taken.retryAfterSeconds} s.`);
    }
  };
}

/** Admin operations on keys, run by the server for the CLI (or by the CLI on the file). */
export function apiKeyOps(ctx: { db: Db }): AdminOps {
  return {
    'apikey.create': async (args) => {
      const name = typeof args.name === 'string' && args.name.trim() ? args.name.trim().slice(0, 200) : 'default';
      const rate = args.ratePerMinute === undefined ? DEFAULT_RATE_PER_MINUTE : Number(args.ratePerMinute);
      if (!Number.isSafeInteger(rate) || rate < 1 || rate > 1_000_000) throw new AdminError('--rate must be an integer from 1 to 1000000 (requests per minute)');
      return createApiKey(ctx.db, { name, ratePerMinute: rate });
    },
    'apikey.list': async () => listApiKeys(ctx.db),
    'apikey.revoke': async (args) => {
      const id = String(args.id ?? '');
      if (!(await revokeApiKey(ctx.db, id))) throw new AdminError(`no active API key with id "${id}" (see: npx inkling apikey list)`);
      return { id };
    },
  };
}
