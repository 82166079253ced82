import type { ErrorView } from './describeError';

/** An error shown in place: title, what to do, and the technical detail folded. */
export function ErrorNotice({ error, onDismiss }: { error: ErrorView; onDismiss?: () => void }) {
  return (
    <div className="error-notice" role="alert">
      <strong>{error.title}</strong>
      {error.suggestion ? <p>{error.suggestion}</p> : null}
      {error.detail ? (
        <details>
          <summary>Details</summary>
          <code>{error.detail}</code>
        </details>
      ) : null}
      {onDismiss ? (
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
