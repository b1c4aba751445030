// The date range control: presets (each with a keyboard shortcut), a custom range, and ← →
// to step a day, month, year or custom range.
import { useState } from 'preact/hooks';
import { addDays, isDate } from '../lib/dates.ts';
import { PRESETS, periodLabel, shiftPeriod, type PeriodState, type PresetInfo } from '../lib/periods.ts';
import type { DashState } from '../lib/url-state.ts';
import type { Update } from '../lib/use-dash-state.ts';
import { Icon } from './icons.tsx';
import { onMenuKeyDown } from './menu-keys.ts';
import { Popover } from './popover.tsx';

interface Props {
  state: DashState;
  update: Update;
  today: string;
}

export function presetState(p: PresetInfo, today: string): PeriodState {
  return { period: p.period, date: p.yesterday ? addDays(today, -1) : null, from: null, to: null };
}

function isCurrent(p: PresetInfo, s: DashState, today: string): boolean {
  if (p.period !== s.period) return false;
  if (p.period !== 'day') return !s.date;
  return p.yesterday ? s.date === addDays(today, -1) : !s.date || s.date === today;
}

export function DatePicker({ state, update, today }: Props) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(false);
  const [from, setFrom] = useState(state.from ?? addDays(today, -6));
  const [to, setTo] = useState(state.to ?? today);
  const prev = shiftPeriod(state, today, -1);
  const next = shiftPeriod(state, today, 1);
  const choose = (p: PeriodState) => {
    setOpen(false);
    update(p);
  };
  const validCustom = isDate(from) && isDate(to) && from <= to && to <= today;

  return (
    <div class="date-picker">
      {(prev || next) && (
        <div class="step-buttons">
          <button type="button" class="btn btn-icon" aria-label="Previous period" title="Previous period (←)" disabled={!prev} onClick={() => prev && update(prev)}>
            <Icon name="chevronLeft" />
          </button>
          <button type="button" class="btn btn-icon" aria-label="Next period" title="Next period (→)" disabled={!next} onClick={() => next && update(next)}>
            <Icon name="chevronRight" />
          </button>
        </div>
      )}
      <Popover
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          setCustom(false);
        }}
        align="end"
        testId="date-picker"
        label={
          <>
            <Icon name="calendar" />
            <span class="date-label">{periodLabel(state, today)}</span>
            <Icon name="chevronDown" class="chevron" />
          </>
        }
        panelClass="menu date-menu"
      >
        {!custom ? (
          <div role="menu" aria-label="Date range" onKeyDown={onMenuKeyDown}>
            {PRESETS.map((p, i) => (
              <>
                {(i === 3 || i === 7 || i === 11) && <div class="menu-sep" role="separator" />}
                <button type="button" role="menuitemradio" aria-checked={isCurrent(p, state, today)} class="menu-item" onClick={() => choose(presetState(p, today))}>
                  <span>{p.label}</span>
                  <kbd>{p.key.toUpperCase()}</kbd>
                </button>
              </>
            ))}
            <div class="menu-sep" role="separator" />
            <button type="button" role="menuitem" class="menu-item" onClick={() => setCustom(true)}>
              <span>Custom range…</span>
              <kbd>C</kbd>
            </button>
          </div>
        ) : (
          <form
            class="custom-range"
            onSubmit={(e) => {
              e.preventDefault();
              if (validCustom) choose({ period: 'custom', date: null, from, to });
            }}
          >
            <label>
              <span>From</span>
              <input class="input" type="date" value={from} max={today} required data-autofocus onInput={(e) => setFrom(e.currentTarget.value)} />
            </label>
            <label>
              <span>To</span>
              <input class="input" type="date" value={to} max={today} required onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
            <div class="custom-actions">
              <button type="button" class="btn btn-ghost" onClick={() => setCustom(false)}>
                Back
              </button>
              <button type="submit" class="btn btn-primary" disabled={!validCustom}>
                Apply
              </button>
            </div>
          </form>
        )}
      </Popover>
    </div>
  );
}
