// Chooses the custom property the Properties tab breaks down by, from the keys the site's events
// carry in this view (the event:prop_key dimension); with none chosen, the most used one.
import { useEffect } from 'preact/hooks';
import { base } from '../lib/queries.ts';
import type { DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { useQuery } from '../lib/use-query.ts';

const MAX_KEYS = 100;

export function PropPicker({ site, state, update }: { site: string; state: DashState; update: Update }) {
  const { data } = useQuery({ ...base(site, state), metrics: ['events'], dimensions: ['event:prop_key'], order_by: [['events', 'desc']], pagination: { limit: MAX_KEYS } });
  const keys = (data?.results ?? []).flatMap((r) => (r.dimensions[0] ? [r.dimensions[0]] : []));
  const options = state.prop && !keys.includes(state.prop) ? [state.prop, ...keys] : keys;
  useEffect(() => {
    if (!state.prop && keys[0]) update({ prop: keys[0] }, { replace: true });
  }, [data, state.prop]);
  if (data && options.length === 0) return <p class="prop-picker prop-picker-empty">No custom properties in this period.</p>;
  return (
    <div class="prop-picker">
      <label for="prop-key">Property</label>
      <select id="prop-key" class="input input-sm" data-testid="prop-key" value={state.prop ?? ''} onChange={(e) => update({ prop: e.currentTarget.value || null }, { replace: true })}>
        {!state.prop && <option value="">Choose…</option>}
        {options.map((k) => (
          <option value={k}>{k}</option>
        ))}
      </select>
    </div>
  );
}
