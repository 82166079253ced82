import { useAppStore } from '../../store/store';
import { VIEWER_SHORTCUTS } from '../viewer/viewerKeys';
import { useModalDialog } from '../../ui/useModalDialog';

export const SHORTCUTS: Array<[keys: string, action: string]> = [
  ['Ctrl+O', 'Open images or DICOM files'],
  ['Ctrl+1 / Ctrl+2 / Ctrl+3', 'Go to studies, viewer, reasoning'],
  ['F6 / Shift+F6', 'Next / previous pane'],
  ['↑ / ↓ in the list', 'Previous / next image'],
  ['Ctrl+Shift+L', 'Switch light / dark theme'],
  ['?', 'Show this list'],
  ['Esc', 'Close dialogs; stop a running answer'],
  ...VIEWER_SHORTCUTS,
];

export function ShortcutsDialog() {
  const open = useAppStore((s) => s.shortcutsOpen);
  const setOpen = useAppStore((s) => s.setShortcutsOpen);
  const ref = useModalDialog(open);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="shortcuts-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setOpen(false)} autoFocus>
        Close
      </button>
    </dialog>
  );
}
