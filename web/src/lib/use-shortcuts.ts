// Keyboard shortcuts of the dashboard (shown in the date menu): a letter per date preset,
// C custom range, X comparison, ← → step the period, F add a filter. Ignored while typing or
// while a modal is open, and with modifier keys (so browser shortcuts keep working).
import { useEffect, useRef } from 'preact/hooks';
import { PRESETS, shiftPeriod } from './periods.ts';
import type { DashState } from './url-state.ts';
import type { Update } from './use-dash-state.ts';
import { presetState } from '../components/date-picker.tsx';

export function useShortcuts(state: DashState, update: Update, today: string): void {
  const latest = useRef({ state, update, today });
  latest.current = { state, update, today };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea, [contenteditable], dialog[open]') || document.querySelector('dialog[open]')) return;
      const { state: s, update: u, today: t } = latest.current;
      const key = e.key.toLowerCase();
      const preset = PRESETS.find((p) => p.key === key);
      if (preset && !e.shiftKey) {
        e.preventDefault();
        return u(presetState(preset, t));
      }
      if (key === 'arrowleft' || key === 'arrowright') {
        if (target.closest('[role="tablist"], .segmented')) return;
        const next = shiftPeriod(s, t, key === 'arrowleft' ? -1 : 1);
        if (next) {
          e.preventDefault();
          u(next);
        }
        return;
      }
      if (key === 'x' && s.period !== 'realtime') {
        e.preventDefault();
        return u({ compare: s.compare ? null : 'previous_period' });
      }
      if (key === 'c' || key === 'f') {
        e.preventDefault();
        const button = document.querySelector<HTMLButtonElement>(key === 'c' ? '[data-testid="date-picker"]' : '[data-testid="add-filter"]');
        button?.click();
        if (key === 'c') requestAnimationFrame(() => [...document.querySelectorAll<HTMLButtonElement>('.date-menu .menu-item')].at(-1)?.click());
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
