// Users in the app data: email, scrypt hash, team role and optional TOTP secret. Portable SQL.
import { randomBytes } from 'node:crypto';
import type { Db } from './duckdb.ts';

export const ROLES = ['owner', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  role: Role;
  totpEnabled: boolean;
  createdMs: number;
}

export interface UserSecrets extends User {
  passwordHash: string;
  totpSecret: string | null;
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
    createdMs: Number(row.created_ms), passwordHash: row.password_hash, totpSecret: row.totp_secret,
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

export async function setUserRole(db: Db, id: string, role: Role): Promise<void> {
  await db.run('UPDATE users SET role = $1 WHERE id = $2', [role, id]);
}

export async function setPasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, id]);
}

export async function setTotpSecret(db: Db, id: string, secret: string | null): Promise<void> {
  await db.run('UPDATE users SET totp_secret = $1 WHERE id = $2', [secret, id]);
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = $1', [id]);
  await db.run('DELETE FROM users WHERE id = $1', [id]);
}
