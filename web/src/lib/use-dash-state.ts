// The dashboard's URL state as a hook: the parsed state, and an update that writes a new URL
// (a history entry by default, so back undoes it).
import { useMemo } from 'preact/hooks';
import { navigate, useLocation } from './router.ts';
import { buildSearch, parseState, type DashState } from './url-state.ts';

export type Update = (patch: Partial<DashState>, opts?: { replace?: boolean }) => void;

/** Changing what is shown sends the details view back to its first page. */
const VIEW_KEYS: (keyof DashState)[] = ['period', 'date', 'from', 'to', 'filters', 'q', 'detail', 'tabs', 'prop'];

export function useDashState(): [DashState, Update, string] {
  const loc = useLocation();
  const state = useMemo(() => parseState(loc.search), [loc.search]);
  const update: Update = (patch, opts) => {
    const next = { ...state, ...patch };
    if (patch.page === undefined && VIEW_KEYS.some((k) => k in patch)) next.page = 1;
    navigate(loc.pathname + buildSearch(next), opts);
  };
  return [state, update, loc.pathname];
}
