import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useModalDialog } from '../../ui/useModalDialog';
import { downloadBytes } from '../../ui/downloadBytes';

const dateTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * The case store: newest change first, full-text search over titles,
 * notes, questions and answers, filters by specialty, model and date; open,
 * export, import and delete with undo.
 */
export function CasesDialog() {
  const open = useAppStore((s) => s.casesOpen);
  const setOpen = useAppStore((s) => s.setCasesOpen);
  const cases = useAppStore((s) => s.caseList);
  const error = useAppStore((s) => s.casesError);
  const loadCases = useAppStore((s) => s.loadCases);
  const openCaseById = useAppStore((s) => s.openCaseById);
  const deleteCase = useAppStore((s) => s.deleteCase);
  const deleted = useAppStore((s) => s.deletedCase);
  const undoDelete = useAppStore((s) => s.undoDelete);
  const exportCase = useAppStore((s) => s.exportCase);
  const importCase = useAppStore((s) => s.importCase);
  const filtered = useAppStore((s) => Object.keys(s.caseFilter).length > 0);
  const ref = useModalDialog(open);
  const importInput = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState('');
  const [specialty, setSpecialty] = useState('');
  const [model, setModel] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // The filters offer every specialty and model seen in a listing so far.
  const [known, setKnown] = useState<{ specialties: string[]; models: string[] }>({
    specialties: [],
    models: [],
  });
  useEffect(() => {
    setKnown((k) => ({
      specialties: [
        ...new Set([...k.specialties, ...cases.flatMap((c) => (c.specialty ? [c.specialty] : []))]),
      ].sort(),
      models: [
        ...new Set([...k.models, ...cases.flatMap((c) => (c.model ? [c.model] : []))]),
      ].sort(),
    }));
  }, [cases]);

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    void loadCases({
      ...(search.trim() ? { search: search.trim() } : {}),
      ...(specialty ? { specialty } : {}),
      ...(model ? { model } : {}),
      ...(from ? { from: new Date(`${from}T00:00:00`).toISOString() } : {}),
      ...(to ? { to: new Date(`${to}T00:00:00`).toISOString() } : {}),
    });
  };

  return (
    <dialog
      ref={ref}
      className="dialog cases-dialog"
      aria-labelledby="cases-title"
      onClose={() => setOpen(false)}
    >
      <header>
        <h2 id="cases-title">Cases</h2>
        <button type="button" onClick={() => setOpen(false)} aria-label="Close cases">
          ×
        </button>
      </header>
      <form className="case-filters" role="search" onSubmit={apply}>
        <label>
          Search cases
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            placeholder="words of titles, notes, questions, answers"
          />
        </label>
        <label>
          Specialty
          <select value={specialty} onChange={(e) => setSpecialty(e.currentTarget.value)}>
            <option value="">any</option>
            {known.specialties.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Model
          <select value={model} onChange={(e) => setModel(e.currentTarget.value)}>
            <option value="">any</option>
            {known.models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          Before
          <input type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {deleted ? (
        <p className="undo-line" role="status">
          Deleted “{deleted.title}”.{' '}
          <button type="button" onClick={() => void undoDelete()}>
            Undo
          </button>
        </p>
      ) : null}
      {cases.length === 0 ? (
        <p className="empty">
          {filtered
            ? 'No case matches.'
            : 'No cases yet: every question you ask is saved to a case.'}
        </p>
      ) : (
        <table className="case-list" data-testid="case-list">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Updated</th>
              <th scope="col">Runs</th>
              <th scope="col">Specialty</th>
              <th scope="col">Model</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void openCaseById(c.id)}
                  >
                    {c.title}
                  </button>
                </td>
                <td>{dateTime(c.updated)}</td>
                <td>{c.runs}</td>
                <td>{c.specialty ?? '—'}</td>
                <td>{c.model ?? '—'}</td>
                <td className="case-actions">
                  <button
                    type="button"
                    aria-label={`Export ${c.title}`}
                    onClick={() =>
                      void exportCase(c.id).then((bundle) =>
                        downloadBytes(bundle.fileName, bundle.bytes, 'application/zip'),
                      )
                    }
                  >
                    Export
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete ${c.title}`}
                    onClick={() => void deleteCase(c.id)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <footer>
        <button type="button" onClick={() => importInput.current?.click()}>
          Import case…
        </button>
        <input
          ref={importInput}
          type="file"
          accept=".mmxcase"
          hidden
          data-testid="case-import-input"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void file.arrayBuffer().then((buffer) => importCase(new Uint8Array(buffer)));
          }}
        />
      </footer>
    </dialog>
  );
}
