// Accounts in tests: users made through the CLI's admin operation, and signed-in sessions
// (cookie + CSRF token) obtained through the real login route.
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.ts';

export const PASSWORD = 'correct horse battery staple';

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a signed-in state change: cookie, CSRF token, same origin. */
  headers: Record<string, string>;
}

export async function addUser(t: TestApp, email: string, role: 'owner' | 'admin' | 'viewer', password = PASSWORD): Promise<void> {
  await t.admin['user.add']!({ email, role, password });
}

/** The `name=value` of the session cookie a response set. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const header = [res.headers['set-cookie'] ?? []].flat().find((c) => String(c).startsWith('inkling_session='));
  if (!header) throw new Error(`no session cookie set (status ${res.statusCode}: ${res.body})`);
  return String(header).split(';')[0]!;
}

export async function login(t: TestApp, email: string, password = PASSWORD, extra: Record<string, string> = {}): Promise<Session> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: 'localhost', origin: 'http://localhost' }, payload: { email, password, ...extra } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookie(res);
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf, host: 'localhost', origin: 'http://localhost' } };
}
