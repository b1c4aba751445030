// The comparison control: off, previous period, or the same period a year earlier.
import { useState } from 'preact/hooks';
import type { CompareMode, DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { Icon } from './icons.tsx';
import { onMenuKeyDown } from './menu-keys.ts';
import { Popover } from './popover.tsx';

const OPTIONS: [CompareMode | null, string][] = [
  [null, 'No comparison'],
  ['previous_period', 'Previous period'],
  ['year_over_year', 'Year over year'],
];

export function CompareToggle({ state, update }: { state: DashState; update: Update }) {
  const [open, setOpen] = useState(false);
  if (state.period === 'realtime') return null;
  const label = state.compare ? OPTIONS.find(([m]) => m === state.compare)![1] : 'Compare';
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      testId="compare"
      buttonClass={`btn ${state.compare ? 'is-on' : ''}`}
      buttonTitle="Compare with another period (X toggles)"
      label={
        <>
          <Icon name="compare" />
          <span class="compare-label">{label}</span>
          <Icon name="chevronDown" class="chevron" />
        </>
      }
      panelClass="menu"
    >
      <div role="menu" aria-label="Comparison" onKeyDown={onMenuKeyDown}>
        {OPTIONS.map(([mode, text]) => (
          <button
            type="button"
            role="menuitemradio"
            aria-checked={state.compare === mode}
            class="menu-item"
            onClick={() => {
              setOpen(false);
              update({ compare: mode });
            }}
          >
            <span>{text}</span>
            {mode === 'previous_period' && <kbd>X</kbd>}
          </button>
        ))}
      </div>
    </Popover>
  );
}
