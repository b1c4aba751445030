// Share links: an unguessable token (stored as SHA-256) giving a read-only dashboard of one site,
// with an optional scrypt-hashed password and expiry, revocable. Portable SQL.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './duckdb.ts';

export interface ShareInfo {
  id: string;
  site: string;
  label: string;
  hasPassword: boolean;
  expiresMs: number | null;
  createdMs: number;
  revokedMs: number | null;
}

export interface ShareSecrets extends ShareInfo {
  passwordHash: string | null;
}

interface ShareRow {
  id: string;
  site: string;
  label: string;
  password_hash: string | null;
  expires_ms: bigint | null;
  created_ms: bigint;
  revoked_ms: bigint | null;
  [k: string]: unknown;
}

const COLUMNS = 'id, site, label, password_hash, expires_ms, created_ms, revoked_ms';

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toSecrets(r: ShareRow): ShareSecrets {
  const ms = (v: bigint | null) => (v === null ? null : Number(v));
  return { id: r.id, site: r.site, label: r.label, hasPassword: r.password_hash !== null, expiresMs: ms(r.expires_ms), createdMs: Number(r.created_ms), revokedMs: ms(r.revoked_ms), passwordHash: r.password_hash };
}

export function publicShare(s: ShareSecrets): ShareInfo {
  const { passwordHash: _hidden, ...info } = s;
  return info;
}

/** The token exists only in the returned value (and the URL made from it). */
export async function insertShare(db: Db, s: { site: string; label: string; passwordHash: string | null; expiresMs: number | null; now: number }): Promise<{ share: ShareInfo; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const id = `s_${randomBytes(6).toString('hex')}`;
  await db.run('INSERT INTO shares (id, site, token_hash, label, password_hash, expires_ms, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)', [id, s.site, hashShareToken(token), s.label, s.passwordHash, s.expiresMs, s.now]);
  return { share: { id, site: s.site, label: s.label, hasPassword: s.passwordHash !== null, expiresMs: s.expiresMs, createdMs: s.now, revokedMs: null }, token };
}

export async function listShares(db: Db, site: string): Promise<ShareInfo[]> {
  const rows = await db.all<ShareRow>(`SELECT ${COLUMNS} FROM shares WHERE site = $1 ORDER BY created_ms, id`, [site]);
  return rows.map((r) => publicShare(toSecrets(r)));
}

/** The live share a token belongs to: not revoked, not expired. */
export async function findLiveShare(db: Db, token: string, now: number): Promise<ShareSecrets | null> {
  const [row] = await db.all<ShareRow>(`SELECT ${COLUMNS} FROM shares WHERE token_hash = $1`, [hashShareToken(token)]);
  if (!row) return null;
  const share = toSecrets(row);
  if (share.revokedMs !== null || (share.expiresMs !== null && share.expiresMs <= now)) return null;
  return share;
}

/** Returns false when the site has no active share with that id. */
export async function revokeShare(db: Db, site: string, id: string, now: number): Promise<boolean> {
  const [row] = await db.all('SELECT 1 FROM shares WHERE id = $1 AND site = $2 AND revoked_ms IS NULL', [id, site]);
  if (!row) return false;
  await db.run('UPDATE shares SET revoked_ms = $1 WHERE id = $2', [now, id]);
  return true;
}

export async function deleteSiteShares(db: Db, site: string): Promise<void> {
  await db.run('DELETE FROM shares WHERE site = $1', [site]);
}
