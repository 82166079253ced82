import { useEffect, useState, type FormEvent } from 'react';
import type { PackSummary, SearchHit } from '../../../../electron/common/schemas/guidelines';
import { api } from '../../bridge/api';
import { useAppStore } from '../../store/store';
import { describeError, type ErrorView } from '../../ui/describeError';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useModalDialog } from '../../ui/useModalDialog';
import { SpecialtySelect } from '../reasoning/SpecialtySelect';
import { CalculatorPanel } from './CalculatorPanel';

/**
 * The guideline library: which packs are loaded (with their sources and
 * licences), a passage search, so a teacher can show where a step's
 * citation comes from, or look one up before asking, and the calculators.
 */
export function GuidelinesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useModalDialog(open);
  const openCitation = useAppStore((s) => s.openCitation);
  const [packs, setPacks] = useState<PackSummary[]>();
  const [query, setQuery] = useState('');
  const [specialty, setSpecialty] = useState('');
  const [hits, setHits] = useState<SearchHit[]>();
  const [error, setError] = useState<ErrorView>();

  useEffect(() => {
    if (!open || packs) return;
    api.listGuidelines({}).then(
      (list) => setPacks(list.packs),
      (e: unknown) => setError(describeError(e)),
    );
  }, [open, packs]);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      setHits((await api.searchGuidelines({ query, specialty: specialty || undefined })).hits);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog guidelines-dialog"
      aria-labelledby="guidelines-title"
      onClose={onClose}
    >
      <header>
        <h2 id="guidelines-title">Guidelines</h2>
        <button type="button" onClick={onClose} aria-label="Close guidelines">
          ×
        </button>
      </header>
      <form className="guideline-search" onSubmit={(e) => void search(e)} role="search">
        <label>
          Search passages
          <input
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            placeholder="e.g. Bosniak IIF follow-up"
            required
          />
        </label>
        <SpecialtySelect
          value={specialty}
          onChange={setSpecialty}
          any={{ value: '', label: 'All' }}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {hits ? (
        hits.length === 0 ? (
          <p className="hint">No passage matches.</p>
        ) : (
          <ol className="hits" aria-label="Matching passages">
            {hits.map((hit) => (
              <li key={`${hit.guideline}#${hit.passage}`}>
                <button
                  type="button"
                  className="link"
                  onClick={() => void openCitation(hit.guideline, hit.passage)}
                >
                  {hit.heading}
                </button>{' '}
                <span className="hint">
                  {hit.guidelineTitle} · <code>{`${hit.guideline}#${hit.passage}`}</code>
                </span>
                <p>{hit.excerpt}</p>
              </li>
            ))}
          </ol>
        )
      ) : null}
      <details className="calculators">
        <summary>
          Calculators{' '}
          <span className="hint">Fleischner, TI-RADS, LI-RADS, Lung-RADS, Bosniak, O-RADS</span>
        </summary>
        <CalculatorPanel />
      </details>
      {packs?.map((pack) => (
        <details key={pack.id} className="pack">
          <summary>
            {pack.title}{' '}
            <span className="hint">
              v{pack.version} · {pack.guidelines.length} guidelines
            </span>
          </summary>
          <ul>
            {pack.guidelines.map((g) => (
              <li key={g.id}>
                <strong>{g.title}</strong> — {g.issuer}, {g.version}
                {g.year ? ` (${g.year})` : ''}
                {g.citeByNameOnly
                  ? ' · cited by name only (licensed text)'
                  : ` · ${g.passageCount} passages`}
                {g.url ? (
                  <>
                    {' '}
                    ·{' '}
                    <a href={g.url} target="_blank" rel="noopener noreferrer">
                      source
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </dialog>
  );
}
