import { useAppStore } from '../../store/store';
import { useModalDialog } from '../../ui/useModalDialog';

/** Per-server consent: nothing goes to a host off this computer before the user agrees. */
export function ServerConsentDialog() {
  const pending = useAppStore((s) => s.consentPending);
  const answer = useAppStore((s) => s.answerConsent);
  const ref = useModalDialog(pending !== undefined);
  return (
    <dialog
      ref={ref}
      className="dialog consent-dialog"
      aria-labelledby="consent-title"
      onClose={() => void answer(false)}
    >
      <h2 id="consent-title">Images and your question will be sent to {pending?.host}</h2>
      <p>
        The model server is not on this computer. The rendered images (pixels only, no DICOM tags
        unless you chose to include them) and your question leave this machine for{' '}
        <strong>{pending?.host}</strong>. The status bar shows it while this server is in use.
      </p>
      <div className="dialog-actions">
        <button type="button" onClick={() => void answer(false)} autoFocus>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void answer(true)}>
          Send to {pending?.host}
        </button>
      </div>
    </dialog>
  );
}
