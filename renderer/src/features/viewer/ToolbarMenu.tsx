import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A toolbar button that shows more buttons below it (the WAI-ARIA disclosure
 * pattern): the toolbar stays one row, and the rest is one click or Enter
 * away. Closes on Esc, on a click outside and once a button in it is used.
 * The popup opens under the button's left edge or, when it would run past
 * the toolbar (its pane) on the right, under the button's right edge, or
 * against the pane's right edge when even that does not fit.
 */
export function ToolbarMenu({
  label,
  title,
  children,
}: {
  label: string;
  title: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  // Pixels the popup moves left from the button's left edge so it stays within the pane.
  const [shift, setShift] = useState(0);
  const id = useId();
  // Measured before paint, so the popup never shows clipped first.
  useLayoutEffect(() => {
    const box = root.current;
    const menu = popup.current;
    if (!open || !box || !menu) return;
    const bounds = (
      box.closest('[role="toolbar"]') ?? document.documentElement
    ).getBoundingClientRect();
    const right = Math.min(bounds.right, document.documentElement.clientWidth);
    const left = Math.max(bounds.left, 0);
    const button = box.getBoundingClientRect();
    const width = menu.offsetWidth;
    if (button.left + width <= right) setShift(0);
    // Under the button's right edge when that fits, else against the pane's right edge (never past its left).
    else if (button.right - width >= left) setShift(button.left - (button.right - width));
    else setShift(Math.max(0, Math.min(button.left - left, button.left + width - right)));
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);
  return (
    <div
      className="toolbar-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
        root.current?.querySelector<HTMLElement>('button')?.focus();
      }}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        title={title}
        onClick={() => setOpen((o) => !o)}
      >
        {label} ▾
      </button>
      <div
        id={id}
        ref={popup}
        className="toolbar-menu-popup"
        style={shift > 0 ? { left: -shift } : undefined}
        hidden={!open}
        onClick={(event) => {
          // A button used inside closes the menu; a select or checkbox keeps it open.
          if ((event.target as HTMLElement).closest('button')) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
