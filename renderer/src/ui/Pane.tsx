import type { ReactNode } from 'react';

interface PaneProps {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}

/** A focusable region of the three-pane layout (F6 / Ctrl+1..3 move between them). */
export function Pane({ id, title, actions, children }: PaneProps) {
  return (
    <section
      className="pane"
      id={`pane-${id}`}
      aria-labelledby={`pane-${id}-title`}
      tabIndex={-1}
      data-pane={id}
    >
      <header className="pane-header">
        <h2 id={`pane-${id}-title`}>{title}</h2>
        {actions ? <div className="pane-actions">{actions}</div> : null}
      </header>
      <div className="pane-body">{children}</div>
    </section>
  );
}
