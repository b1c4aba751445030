// Data for a view: runs a Stats API query when its body changes, keeps the last answer on
// screen while the next one loads (no flash of skeletons when a filter changes), and cancels
// answers nobody waits for. A changing `tick` asks again past the cache (realtime refresh).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, postQuery, type QueryBody, type QueryResult } from './api.ts';

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  retry: () => void;
}

export function useQuery(body: QueryBody | null, opts: { tick?: number } = {}): QueryState<QueryResult> {
  return useLoader(body ? JSON.stringify(body) : null, (signal, fresh) => postQuery(body!, { signal, fresh }), opts.tick ?? 0, () => void postQuery(body!).catch(() => undefined));
}

/**
 * The general form: `key` identifies the request; `load` runs it. `prefetch`, when given, starts
 * a new request during render rather than after paint (Preact runs effects a frame later), so
 * the first queries leave as soon as the app's code has run; the effect then picks up the same
 * cached answer.
 */
export function useLoader<T>(key: string | null, load: (signal: AbortSignal, fresh: boolean) => Promise<T>, tick = 0, prefetch?: () => void): QueryState<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: key !== null });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastKey = useRef<string | null>(null);
  const prefetched = useRef<string | null>(null);
  if (prefetch && key !== null && key !== lastKey.current && key !== prefetched.current) {
    prefetched.current = key;
    prefetch();
  }

  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    // Same request asked again (a tick or a retry): skip the cache.
    const fresh = lastKey.current === key;
    lastKey.current = key;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(controller.signal, fresh).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'client', String((error as Error)?.message ?? error));
        // A failed refresh keeps the last answer on screen; a failed first load shows the error.
        setState((s) => ({ data: tick > 0 ? s.data : null, error: apiError, loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, attempt, tick]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}

/** A number that grows every `ms` (null: never), to refresh views on a timer. */
export function useTicker(ms: number | null): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (ms === null) return;
    const timer = setInterval(() => {
      // A hidden tab does not need fresh numbers; it catches up when shown.
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, ms);
    return () => clearInterval(timer);
  }, [ms]);
  return tick;
}
