// Server-side login sessions. The store keeps an HMAC of the cookie value, the user and the
// session's CSRF token; expiry follows the injected clock.
import type { Db } from './duckdb.ts';

export const SESSION_TTL_MS = 14 * 24 * 3_600_000;

export interface SessionRow {
  userId: string;
  csrfToken: string;
  expiresMs: number;
}

export async function insertSession(db: Db, s: { idHash: string; userId: string; csrfToken: string; now: number }): Promise<void> {
  await db.run('INSERT INTO sessions (id, user_id, csrf_token, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)', [s.idHash, s.userId, s.csrfToken, s.now, s.now + SESSION_TTL_MS]);
}

export async function findSession(db: Db, idHash: string, now: number): Promise<SessionRow | null> {
  const [row] = await db.all<{ user_id: string; csrf_token: string; expires_ms: bigint }>('SELECT user_id, csrf_token, expires_ms FROM sessions WHERE id = $1', [idHash]);
  if (!row) return null;
  if (Number(row.expires_ms) <= now) {
    await deleteSession(db, idHash);
    return null;
  }
  return { userId: row.user_id, csrfToken: row.csrf_token, expiresMs: Number(row.expires_ms) };
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE id = $1', [idHash]);
}

/** Ends every session of a user but `keep` (the one changing its password stays signed in). */
export async function deleteOtherSessions(db: Db, userId: string, keep: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, keep]);
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.run('DELETE FROM sessions WHERE expires_ms <= $1', [now]);
}
