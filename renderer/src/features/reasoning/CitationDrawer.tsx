import { summarisesLine } from '../../../../models/reasoning/citationDetails';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useModalDialog } from '../../ui/useModalDialog';
import { usePlacementBeside } from '../../ui/usePlacementBeside';
import {
  chosenBy,
  FROM_CHAIN_HINT,
  FROM_CHAIN_TEXT,
  JUDGE_HINT,
  scoreText,
  SUPPORT_HINT,
} from '../../../../models/reasoning/citationLabels';

/**
 * The passage behind a citation, with its guideline, version, edition, review
 * date and source, and (opened from a step) its support score, the citation
 * judge's probability where the judge chose it, and who chose it. It opens
 * beside the reasoning pane, not over it, so the step and the passage can be
 * read side by side. The source link opens in the system
 * browser (Electron denies in-app windows and hands https links to the OS; a
 * browser opens a new tab).
 */
export function CitationDrawer() {
  const citation = useAppStore((s) => s.citation);
  const close = useAppStore((s) => s.closeCitation);
  const open = citation !== undefined;
  const ref = useModalDialog(open);
  const beside = usePlacementBeside('pane-reasoning', open, { minWidth: 320, maxWidth: 460 });
  const view = citation?.view;
  const cited = citation?.from?.citation;
  const guideline = view
    ? {
        ...view.guideline,
        edition: view.guideline.edition ?? cited?.edition,
        reviewed: view.guideline.reviewed ?? cited?.reviewed,
      }
    : undefined;
  const summarises = guideline ? summarisesLine(guideline) : null;
  return (
    <dialog
      ref={ref}
      className={beside ? 'drawer beside' : 'drawer'}
      style={beside}
      aria-labelledby="citation-title"
      onClose={close}
    >
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
      {cited ? (
        <>
          <p
            className="citation-support"
            data-testid="citation-support"
            aria-describedby="citation-support-hint"
          >
            Support <strong>{scoreText(cited.score)}</strong>
            {cited.fromChain ? ` (${FROM_CHAIN_TEXT})` : null}
            {cited.confidence === undefined ? null : (
              <>
                {' '}
                · Judge <strong>{scoreText(cited.confidence)}</strong>
              </>
            )}{' '}
            · {chosenBy(cited.source)}
          </p>
          {/* Said in words, not in a tooltip, so keyboard and screen-reader users read it too. */}
          <p className="hint" id="citation-support-hint" data-testid="citation-support-hint">
            {[
              SUPPORT_HINT,
              cited.confidence === undefined ? '' : JUDGE_HINT,
              cited.fromChain ? FROM_CHAIN_HINT : '',
            ]
              .filter(Boolean)
              .join(' ')}
          </p>
        </>
      ) : null}
      {view && guideline ? (
        <>
          <p className="passage-text" data-testid="passage-text">
            {view.passage.text}
          </p>
          <p className={summarises ? 'passage-edition' : 'passage-edition unstated'}>
            {summarises ??
              'Edition and review date not stated: check that the source is still current.'}
          </p>
          <dl className="passage-source">
            <dt>Guideline</dt>
            <dd>{guideline.title}</dd>
            <dt>Issued by</dt>
            <dd>{guideline.issuer}</dd>
            <dt>Version</dt>
            <dd>
              {guideline.version}
              {guideline.year ? ` (${guideline.year})` : ''}
            </dd>
            <dt>Citation id</dt>
            <dd>
              <code>
                {guideline.id}#{view.passage.id}
              </code>
            </dd>
            <dt>Licence</dt>
            <dd>{guideline.licence}</dd>
          </dl>
          <p className="hint">
            Written in our own words from the public guidance; check the source before acting on it.
          </p>
          {guideline.url ? (
            <a href={guideline.url} target="_blank" rel="noopener noreferrer">
              Open the source ({new URL(guideline.url).host})
            </a>
          ) : null}
        </>
      ) : null}
    </dialog>
  );
}
