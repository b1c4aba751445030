// The filter bar: one chip per active filter (click to edit, × to remove) and "Filter" to add
// one. Values are shown as text, whatever they contain.
import { useState } from 'preact/hooks';
import { dimension, displayValue } from '../lib/dimensions.ts';
import { OPERATOR_LABELS, type UiFilter } from '../lib/filters.ts';
import type { DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { FilterEditor } from './filter-editor.tsx';
import { Icon } from './icons.tsx';
import { Popover } from './popover.tsx';

export function describeFilter(f: UiFilter): { dim: string; op: string; value: string } {
  const values = f.values.map((v) => (f.op === 'is' || f.op === 'is_not' ? displayValue(f.dim, v) : v));
  return { dim: dimension(f.dim)?.label ?? f.dim, op: OPERATOR_LABELS[f.op], value: values.join(' or ') };
}

export function FilterBar({ site, state, update }: { site: string; state: DashState; update: Update }) {
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const apply = (f: UiFilter) => {
    const filters = [...state.filters];
    if (typeof editing === 'number') filters[editing] = f;
    else filters.push(f);
    setEditing(null);
    update({ filters });
  };
  const editor = (initial: UiFilter | null) => (
    <FilterEditor site={site} state={state} initial={initial} onApply={apply} onCancel={() => setEditing(null)} />
  );

  return (
    <div class="filter-bar" role="group" aria-label="Filters">
      <Popover
        open={editing === 'new'}
        onOpenChange={(o) => setEditing(o ? 'new' : null)}
        kind="dialog"
        testId="add-filter"
        buttonClass="btn"
        buttonTitle="Add a filter (F)"
        label={
          <>
            <Icon name="filter" />
            <span>Filter</span>
          </>
        }
        panelClass="filter-popover"
      >
        {editor(null)}
      </Popover>
      {state.filters.map((f, i) => {
        const d = describeFilter(f);
        const text = `${d.dim} ${d.op} ${d.value}`;
        return (
          <div class="chip" data-testid="filter-chip">
            <Popover
              open={editing === i}
              onOpenChange={(o) => setEditing(o ? i : null)}
              kind="dialog"
              buttonClass="chip-label"
              buttonTitle={`Edit filter: ${text}`}
              label={
                <>
                  <span class="chip-dim">{d.dim}</span> <span class="chip-op">{d.op}</span> <span class="chip-value">{d.value}</span>
                </>
              }
              panelClass="filter-popover"
            >
              {editor(f)}
            </Popover>
            <button type="button" class="chip-remove" aria-label={`Remove filter: ${text}`} title="Remove filter" onClick={() => update({ filters: state.filters.filter((_, j) => j !== i) })}>
              <Icon name="x" />
            </button>
          </div>
        );
      })}
      {state.filters.length > 1 && (
        <button type="button" class="btn btn-ghost btn-sm" onClick={() => update({ filters: [] })}>
          Clear all
        </button>
      )}
    </div>
  );
}
