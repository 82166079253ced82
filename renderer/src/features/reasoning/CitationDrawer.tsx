import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useModalDialog } from '../../ui/useModalDialog';

/**
 * The passage behind a citation, with its guideline, version and source. The
 * source link opens in the system browser (Electron denies in-app windows and
 * hands https links to the OS; a browser opens a new tab).
 */
export function CitationDrawer() {
  const citation = useAppStore((s) => s.citation);
  const close = useAppStore((s) => s.closeCitation);
  const ref = useModalDialog(citation !== undefined);
  const view = citation?.view;
  return (
    <dialog ref={ref} className="drawer" aria-labelledby="citation-title" onClose={close}>
      <header>
        <h2 id="citation-title">
          {view
            ? view.passage.heading
            : citation
              ? `${citation.ref.guideline}#${citation.ref.passage}`
              : ''}
        </h2>
        <button type="button" onClick={close} aria-label="Close passage">
          ×
        </button>
      </header>
      {citation?.loading ? <p>Loading…</p> : null}
      {citation?.error ? <ErrorNotice error={citation.error} /> : null}
      {view ? (
        <>
          <p className="passage-text" data-testid="passage-text">
            {view.passage.text}
          </p>
          <dl className="passage-source">
            <dt>Guideline</dt>
            <dd>{view.guideline.title}</dd>
            <dt>Issued by</dt>
            <dd>{view.guideline.issuer}</dd>
            <dt>Version</dt>
            <dd>
              {view.guideline.version}
              {view.guideline.year ? ` (${view.guideline.year})` : ''}
            </dd>
            <dt>Citation id</dt>
            <dd>
              <code>
                {view.guideline.id}#{view.passage.id}
              </code>
            </dd>
            <dt>Licence</dt>
            <dd>{view.guideline.licence}</dd>
          </dl>
          <p className="hint">
            Written in our own words from the public guidance; check the source before acting on it.
          </p>
          {view.guideline.url ? (
            <a href={view.guideline.url} target="_blank" rel="noopener noreferrer">
              Open the source ({new URL(view.guideline.url).host})
            </a>
          ) : null}
        </>
      ) : null}
    </dialog>
  );
}
