// The Stats API client: POST /api/v2/query and GET /api/sites, same-origin with the session's
// credentials (or a share link's, see auth.ts). Answers are cached briefly by request body, so
// back/forward and tab switches redraw at once instead of asking again.
import { authHeaders } from './auth.ts';

// The server's own answer types (type-only: nothing of the server reaches the bundle).
export type { Label, ResultRow, QueryResult } from '../../../src/api/contract.ts';
import type { QueryResult } from '../../../src/api/contract.ts';

export interface QueryBody {
  site_id: string;
  date_range: string | [string, string];
  date?: string;
  metrics: string[];
  dimensions?: string[];
  filters?: unknown[];
  order_by?: [string, 'asc' | 'desc'][];
  include?: { total_rows?: boolean; time_labels?: boolean; comparisons?: { mode: string } };
  pagination?: { limit?: number; offset?: number };
}

export interface Site {
  domain: string;
  timezone: string;
  /** Whoever asks may change the site's settings. */
  can_admin?: boolean;
}

/** An API answer that is not a result: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get needsSignIn(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

export async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    const headers = { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...authHeaders(init.method ?? 'GET') };
    response = await fetch(url, { ...init, credentials: 'same-origin', headers });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Inkling could not be reached. Check that the server is running.');
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): reported below by status.
  }
  if (!response.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof err?.code === 'string' ? err.code : `http_${response.status}`;
    const message = typeof err?.message === 'string' ? err.message : `The server answered ${response.status}.`;
    throw new ApiError(response.status, code, message);
  }
  return json as T;
}

/** A cached call; `fresh` skips the cache (realtime refreshes) but still stores the answer. */
function cached<T>(key: string, load: () => Promise<T>, fresh: boolean): Promise<T> {
  const hit = cache.get(key);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  // A failed answer is not worth keeping: the next attempt asks again.
  value.catch(() => cache.get(key)?.value === value && cache.delete(key));
  if (cache.size > 300) cache.delete(cache.keys().next().value!);
  return value;
}

/**
 * Cached requests are shared between views, so one view leaving must not cancel another's
 * answer: the fetch itself is never aborted, only the caller stops waiting.
 */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function postQuery(body: QueryBody, opts: { signal?: AbortSignal; fresh?: boolean } = {}): Promise<QueryResult> {
  const json = JSON.stringify(body);
  return abortable(cached(json, () => request<QueryResult>('/api/v2/query', { method: 'POST', body: json }), opts.fresh ?? false), opts.signal);
}

export function getSites(opts: { signal?: AbortSignal } = {}): Promise<Site[]> {
  return abortable(
    cached('sites', () => request<Site[]>('/api/sites', { method: 'GET' }), false),
    opts.signal,
  );
}
