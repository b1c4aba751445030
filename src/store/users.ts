// Users in the app data: email, scrypt hash, team role and optional TOTP secret (sealed by
// auth/two-factor.ts, with the last step used). Portable SQL.
import { randomBytes } from 'node:crypto';
import type { Db } from './duckdb.ts';

export const ROLES = ['owner', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that manage sites and make API keys. */
export const STAFF_ROLES: readonly Role[] = ['owner', 'admin'];

export interface User {
  id: string;
  email: string;
  role: Role;
  totpEnabled: boolean;
  createdMs: number;
}

export interface UserSecrets extends User {
  passwordHash: string;
  /** Encrypted (auth/seal.ts); this layer stores it as it is given. */
  totpSealed: string | null;
}

interface UserRow {
  id: string;
  email: string;
  role: string;
  password_hash: string;
  totp_secret: string | null;
  created_ms: bigint | number;
  [k: string]: unknown;
}

const COLUMNS = 'id, email, role, password_hash, totp_secret, created_ms';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Lowercased and trimmed; null unless it looks like an address (one @, a dot after it). */
export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

function toSecrets(row: UserRow): UserSecrets {
  return {
    id: row.id, email: row.email, role: isRole(row.role) ? row.role : 'viewer', totpEnabled: row.totp_secret !== null,
    createdMs: Number(row.created_ms), passwordHash: row.password_hash, totpSealed: row.totp_secret,
  };
}

/** The public view: never the hash or the TOTP secret. */
export function publicUser(user: UserSecrets | User): User {
  return { id: user.id, email: user.email, role: user.role, totpEnabled: user.totpEnabled, createdMs: user.createdMs };
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.all<{ n: bigint }>('SELECT count(*) AS n FROM users');
  return Number(row?.n ?? 0);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserSecrets | null> {
  const [row] = await db.all<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email]);
  return row ? toSecrets(row) : null;
}

export async function findUserById(db: Db, id: string): Promise<UserSecrets | null> {
  const [row] = await db.all<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ? toSecrets(row) : null;
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.all<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY created_ms, email`);
  return rows.map((r) => publicUser(toSecrets(r)));
}

export async function insertUser(db: Db, user: { email: string; passwordHash: string; role: Role; now: number }): Promise<User> {
  const id = `u_${randomBytes(8).toString('hex')}`;
  await db.run('INSERT INTO users (id, email, password_hash, role, created_ms) VALUES ($1, $2, $3, $4, $5)', [id, user.email, user.passwordHash, user.role, user.now]);
  return { id, email: user.email, role: user.role, totpEnabled: false, createdMs: user.now };
}

export async function countOwners(db: Db): Promise<number> {
  const [row] = await db.all<{ n: bigint }>(`SELECT count(*) AS n FROM users WHERE role = 'owner'`);
  return Number(row?.n ?? 0);
}

/** Why `user` may not become `nextRole` (null: be deleted), or null: the server must keep an owner. */
export async function lastOwnerProblem(db: Db, user: User, nextRole: Role | null): Promise<string | null> {
  if (user.role !== 'owner' || nextRole === 'owner' || (await countOwners(db)) > 1) return null;
  return 'This is the last owner: make someone else owner first.';
}

/** Returns how many of the user's API keys were revoked: all of them when the role may not make keys. */
export async function setUserRole(db: Db, id: string, role: Role): Promise<number> {
  await db.run('UPDATE users SET role = $1 WHERE id = $2', [role, id]);
  return STAFF_ROLES.includes(role) ? 0 : revokeKeysMadeBy(db, id);
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
}

/** Turns TOTP on with `sealed` (its enabling `step` already used), or off with null. */
export async function setTotpSecret(db: Db, id: string, sealed: string | null, step: number | null): Promise<void> {
  await db.run('UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3', [sealed, step, id]);
}

/**
 * Marks a TOTP step used; false when it (or a later one) already was. One conditional UPDATE, so
 * two logins racing with one code, on one node or two, cannot both win.
 */
export async function claimTotpStep(db: Db, id: string, step: number): Promise<boolean> {
  const rows = await db.all('UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1) RETURNING id', [step, id]);
  return rows.length === 1;
}

/** Every stored TOTP secret as stored, for the one-time sealing of those kept in plaintext. */
export async function listTotpSecrets(db: Db): Promise<Array<{ id: string; stored: string }>> {
  const rows = await db.all<{ id: string; totp_secret: string }>('SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL');
  return rows.map((r) => ({ id: r.id, stored: r.totp_secret }));
}

/** Replaces a stored TOTP secret only if it is still `was` (another node may have sealed it first). */
export async function replaceTotpSecret(db: Db, id: string, was: string, sealed: string): Promise<void> {
  await db.run('UPDATE users SET totp_secret = $1 WHERE id = $2 AND totp_secret = $3', [sealed, id, was]);
}

/** Ends the user's sessions and revokes the API keys they made; returns how many keys. */
export async function deleteUser(db: Db, id: string): Promise<number> {
  await db.run('DELETE FROM sessions WHERE user_id = $1', [id]);
  const revoked = await revokeKeysMadeBy(db, id);
  await db.run('DELETE FROM users WHERE id = $1', [id]);
  return revoked;
}

/** A key must not outlive its maker's right to make it (api_keys is the API-key table of store/api-keys.ts). */
async function revokeKeysMadeBy(db: Db, userId: string): Promise<number> {
  const [row] = await db.all<{ n: bigint | number }>('SELECT count(*) AS n FROM api_keys WHERE created_by = $1 AND revoked_at IS NULL', [userId]);
  await db.run('UPDATE api_keys SET revoked_at = now() WHERE created_by = $1 AND revoked_at IS NULL', [userId]);
  return Number(row?.n ?? 0);
}
