// A panel's tab strip: one button per tab, and a drop-down for a group of related tabs (the
// five UTM fields) so the strip fits a narrow card. Arrow keys move between tabs.
import type { TabDef } from '../lib/panel-tabs.ts';

interface Props {
  label: string;
  tabs: readonly TabDef[];
  current: string;
  onChange: (key: string) => void;
}

export function PanelTabs({ label, tabs, current, onChange }: Props) {
  const groups = [...new Set(tabs.flatMap((t) => (t.group ? [t.group] : [])))];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    e.preventDefault();
    const next = items[(i + (e.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length]!;
    next.focus();
    next.click();
  };
  return (
    <div class="tabs">
      <div role="tablist" aria-label={label} class="tab-list" onKeyDown={onKeyDown}>
        {tabs
          .filter((t) => !t.group)
          .map((t) => (
            <button type="button" role="tab" aria-selected={t.key === current} tabIndex={t.key === current ? 0 : -1} class="tab" data-tab={t.key} onClick={() => onChange(t.key)}>
              {t.label}
            </button>
          ))}
      </div>
      {groups.map((g) => {
        const members = tabs.filter((t) => t.group === g);
        const active = members.find((t) => t.key === current);
        return (
          <label class={`tab tab-select ${active ? 'is-active' : ''}`}>
            <span class="sr-only">{g}</span>
            <select value={active?.key ?? ''} onChange={(e) => e.currentTarget.value && onChange(e.currentTarget.value)}>
              {!active && <option value="">{g}</option>}
              {members.map((t) => (
                <option value={t.key}>{t.label}</option>
              ))}
            </select>
          </label>
        );
      })}
    </div>
  );
}
