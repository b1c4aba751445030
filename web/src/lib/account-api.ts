// Calls to the account APIs (auth, sites, users, keys, share links) and the signed-in session,
// loaded once per page and shared by every component that asks.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from './api.ts';
import { setCsrfToken } from './auth.ts';

// The server's own types (type-only: nothing of the server reaches the bundle).
export type { Role, User } from '../../../src/api/contract.ts';
import type { ShareInfo, User } from '../../../src/api/contract.ts';

export interface SiteSettings {
  domain: string;
  timezone: string;
  allowed_hostnames: string[];
  excluded_ips: string[];
  excluded_paths: string[];
  retention_days: number | null;
  public: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  access: 'read' | 'admin';
  sites: string[] | null;
  createdAt: string;
  revokedAt: string | null;
  /** The maker's email, "command line", "deleted user" or "unknown creator". */
  creator: string;
  key?: string;
}

/** A share link as listed; `token` and `path` only in the answer that created it. */
export interface Share extends ShareInfo {
  token?: string;
  path?: string;
}

export function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  return request<T>(url, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

let session: Promise<User | null> | null = null;

/** The signed-in user (null: nobody), asked once; `fresh` asks again (after login or logout). */
export function loadSession(fresh = false): Promise<User | null> {
  if (!session || fresh) {
    session = request<{ user: User; csrfToken: string }>('/api/auth/me', { method: 'GET' }).then(
      (me) => (setCsrfToken(me.csrfToken), me.user),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      },
    );
  }
  return session;
}

/** After login or setup the answer carries the session's CSRF token. */
export function signedIn(answer: { user: User; csrfToken: string }): void {
  setCsrfToken(answer.csrfToken);
  session = Promise.resolve(answer.user);
}

/** undefined while loading, null when nobody is signed in. */
export function useSession(): User | null | undefined {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadSession().then((u) => live && setUser(u), () => live && setUser(null));
    return () => void (live = false);
  }, []);
  return user;
}

export const isStaff = (user: User | null | undefined): boolean => user?.role === 'owner' || user?.role === 'admin';
