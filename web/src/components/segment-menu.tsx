// Saved segments: named filter sets of the site. Choosing one replaces the view's filters with
// it; admins save the current filters under a name and delete segments.
import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api.ts';
import { dimensionByApi } from '../lib/dimensions.ts';
import { OPERATORS, toApiFilter, type Operator, type UiFilter } from '../lib/filters.ts';
import { createSegment, deleteSegment, listSegments, type Segment } from '../lib/goals-api.ts';
import type { DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { useLoader } from '../lib/use-query.ts';
import { Popover } from './popover.tsx';

/** A segment's filters as the filter bar shows them; null when one has no form there (has_done...). */
export function segmentUiFilters(segment: Segment): UiFilter[] | null {
  const out: UiFilter[] = [];
  for (const f of segment.filters) {
    if (!Array.isArray(f) || f.length !== 3 || !(OPERATORS as readonly unknown[]).includes(f[0])) return null;
    const dim = typeof f[1] === 'string' ? dimensionByApi(f[1]) : null;
    if (!dim || !Array.isArray(f[2])) return null;
    out.push({ op: f[0] as Operator, dim: dim.key, values: f[2].map(String) });
  }
  return out;
}

export function SegmentMenu({ site, state, update, canAdmin }: { site: string; state: DashState; update: Update; canAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const segments = useLoader(open ? `segments:${site}:${version}` : null, () => listSegments(site));
  const change = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Popover open={open} onOpenChange={setOpen} kind="dialog" testId="segments" buttonClass="btn" label={<span>Segments</span>} panelClass="segment-popover">
      <ul class="segment-list">
        {segments.data?.length === 0 && <li class="muted">No saved segments yet.</li>}
        {segments.data?.map((s) => {
          const filters = segmentUiFilters(s);
          return (
            <li class="segment-item">
              <button type="button" class="btn btn-ghost btn-sm segment-apply" disabled={!filters} title={filters ? `Show ${s.name}` : 'Uses filters the dashboard cannot show'} onClick={() => (update({ filters: filters! }), setOpen(false))}>
                {s.name}
              </button>
              {canAdmin && (
                <button type="button" class="btn btn-ghost btn-sm" aria-label={`Delete segment ${s.name}`} onClick={() => change(() => deleteSegment(site, s.id))}>
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canAdmin && state.filters.length > 0 && (
        <form class="segment-form" onSubmit={(e) => (e.preventDefault(), void change(() => createSegment(site, { name: name.trim(), filters: state.filters.map(toApiFilter) }).then(() => setName(''))))}>
          <input class="input input-sm" required aria-label="Segment name" placeholder="Save these filters as…" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <button type="submit" class="btn btn-primary btn-sm">
            Save
          </button>
        </form>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </Popover>
  );
}
