import { useEffect, useRef } from 'react';

/**
 * Keeps a <dialog> in step with state: shown modally while `open`, closed
 * otherwise (the browser then handles Esc, focus trapping and the backdrop).
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return ref;
}
