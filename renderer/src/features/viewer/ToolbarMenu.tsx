import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A toolbar button that shows more buttons below it (the WAI-ARIA disclosure
 * pattern): the toolbar stays one row, and the rest is one click or Enter
 * away. Closes on Esc, on a click outside and once a button in it is used.
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
  const id = useId();
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
        className="toolbar-menu-popup"
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
