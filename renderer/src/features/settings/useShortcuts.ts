import { useEffect } from 'react';
import type { MenuCommand } from '../../../../electron/common/contract';
import type { PaneId } from './settingsSlice';

const PANES: PaneId[] = ['studies', 'viewer', 'reasoning'];

/**
 * Focuses a pane: its main control where it marks one (`data-pane-focus`,
 * e.g. the viewport, so the viewer's keys work at once), else the pane itself.
 */
export function focusPane(pane: PaneId): void {
  const root = document.getElementById(`pane-${pane}`);
  (root?.querySelector<HTMLElement>('[data-pane-focus]') ?? root)?.focus();
}

function currentPaneIndex(): number {
  const pane = document.activeElement?.closest<HTMLElement>('[data-pane]')?.dataset.pane;
  return PANES.indexOf(pane as PaneId);
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** Maps keys to the same commands the native menu sends, so both behave alike. */
export function useShortcuts(run: (command: MenuCommand) => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === 'o') run('open-files');
      else if (mod && event.shiftKey && event.key.toLowerCase() === 'l') run('toggle-theme');
      else if (mod && ['1', '2', '3'].includes(event.key)) focusPane(PANES[Number(event.key) - 1]!);
      else if (event.key === 'F6') {
        const step = event.shiftKey ? PANES.length - 1 : 1;
        focusPane(PANES[(Math.max(0, currentPaneIndex()) + step) % PANES.length]!);
      } else if (event.key === '?' && !isTyping(event.target)) run('show-shortcuts');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [run]);
}
