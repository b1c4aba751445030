// A button that opens a panel below it (menus, the date picker, the filter editor). Closes on
// Escape, on a click outside and on blur out of the panel; focus returns to the button.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The trigger's content. */
  label: ComponentChildren;
  buttonClass?: string;
  buttonTitle?: string;
  panelClass?: string;
  align?: 'start' | 'end';
  /** For aria-haspopup: a menu of choices or a dialog-like form. */
  kind?: 'menu' | 'dialog';
  testId?: string;
  children: ComponentChildren;
}

export function Popover(p: Props) {
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!p.open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) p.onOpenChange(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      p.onOpenChange(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    root.current?.addEventListener('keydown', onKey);
    const el = root.current;
    // The first focusable item, so keyboard users land inside.
    requestAnimationFrame(() => el?.querySelector<HTMLElement>('[data-autofocus], .popover-panel button, .popover-panel input, .popover-panel select')?.focus());
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      el?.removeEventListener('keydown', onKey);
    };
  }, [p.open]);

  return (
    <div class="popover" ref={root}>
      <button
        ref={button}
        type="button"
        class={p.buttonClass ?? 'btn'}
        title={p.buttonTitle}
        aria-haspopup={p.kind === 'dialog' ? 'dialog' : 'menu'}
        aria-expanded={p.open}
        data-testid={p.testId}
        onClick={() => p.onOpenChange(!p.open)}
      >
        {p.label}
      </button>
      {p.open && (
        <div class={`popover-panel ${p.align === 'end' ? 'align-end' : ''} ${p.panelClass ?? ''}`} role={p.kind === 'dialog' ? 'dialog' : undefined}>
          {p.children}
        </div>
      )}
    </div>
  );
}
