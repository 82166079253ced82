import { useEffect, useMemo, useRef, useState } from 'react';
import {
  listTags,
  loadTagDictionary,
  type ParsedDicom,
  type TagDictionary,
} from '../../../../models/dicom/index';
import { tagRows } from './tagRows';

/**
 * Searchable list of a file's DICOM attributes, sequences expandable, names
 * from the full PS3.6 dictionary. Tags that may identify the patient, and
 * private tags, stay hidden until the user reveals them. The dictionary's
 * names (about 300 KB) are a chunk of their own, loaded when the browser opens.
 */
export function TagBrowser({
  parsed,
  fileName,
  showPhi,
  onShowPhiChange,
  onClose,
}: {
  parsed: ParsedDicom;
  fileName: string;
  showPhi: boolean;
  onShowPhiChange(show: boolean): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const dictionary = useTagDictionary();
  const { tags, hiddenPhi } = useMemo(
    () =>
      dictionary instanceof Error || !dictionary
        ? { tags: [], hiddenPhi: 0 }
        : listTags(parsed, { phi: showPhi, dictionary }),
    [parsed, showPhi, dictionary],
  );
  const rows = useMemo(() => tagRows(tags, expanded, query), [tags, expanded, query]);
  const toggle = (key: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog tag-browser"
      aria-labelledby="tag-browser-title"
      onClose={onClose}
    >
      <h2 id="tag-browser-title">DICOM tags · {fileName}</h2>
      <div className="tag-browser-controls">
        <input
          type="search"
          placeholder="Search tag (0010,0010), keyword, name or value"
          aria-label="Search tags"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          autoFocus
        />
        <label>
          <input
            type="checkbox"
            checked={showPhi}
            onChange={(e) => onShowPhiChange(e.currentTarget.checked)}
          />
          Reveal patient data
        </label>
      </div>
      <p className="tag-browser-note" data-testid="phi-note">
        {dictionary instanceof Error
          ? `The tag names could not be loaded (${dictionary.message}); reload the app to try again.`
          : !dictionary
            ? 'Loading tag names…'
            : showPhi
              ? 'Patient-identifying tags are shown.'
              : `${hiddenPhi} patient-identifying or private tag${hiddenPhi === 1 ? ' is' : 's are'} hidden.`}
      </p>
      <div className="tag-table-wrap">
        <table className="tag-table">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Name</th>
              <th scope="col">VR</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) =>
              row.entry ? (
                <tr key={row.key} data-phi={row.entry.phi || undefined} data-depth={row.depth}>
                  <td style={{ paddingLeft: `${0.5 + row.depth}em` }}>
                    {row.expandable ? (
                      <button
                        type="button"
                        className="tag-toggle"
                        aria-expanded={row.expanded}
                        aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${row.entry.name}`}
                        onClick={() => toggle(row.key)}
                      >
                        {row.expanded ? '▾' : '▸'}
                      </button>
                    ) : null}
                    <code>{row.entry.tag}</code>
                  </td>
                  <td title={row.entry.keyword || undefined}>{row.entry.name}</td>
                  <td>{row.entry.vr}</td>
                  <td>{row.entry.value}</td>
                </tr>
              ) : (
                <tr key={row.key} className="tag-item" data-depth={row.depth}>
                  <td colSpan={4} style={{ paddingLeft: `${0.5 + row.depth}em` }}>
                    {row.label}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={() => ref.current?.close()}>
        Close
      </button>
    </dialog>
  );
}

/** The PS3.6 dictionary once its chunk has loaded (undefined until then), or why it did not. */
function useTagDictionary(): TagDictionary | Error | undefined {
  const [dictionary, setDictionary] = useState<TagDictionary | Error>();
  useEffect(() => {
    let current = true;
    loadTagDictionary().then(
      (loaded) => current && setDictionary(loaded),
      (error: unknown) =>
        current && setDictionary(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      current = false;
    };
  }, []);
  return dictionary;
}
