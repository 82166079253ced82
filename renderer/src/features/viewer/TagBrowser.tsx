import { useEffect, useMemo, useRef, useState } from 'react';
import { listTags, type ParsedDicom } from '../../../../models/dicom/index';

/**
 * Searchable list of a file's top-level DICOM attributes. Tags that may
 * identify the patient stay hidden until the user reveals them.
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
  const { tags, hiddenPhi } = useMemo(() => listTags(parsed, { phi: showPhi }), [parsed, showPhi]);
  const needle = query.trim().toLowerCase();
  const shown = needle
    ? tags.filter((t) => `${t.tag} ${t.name} ${t.value}`.toLowerCase().includes(needle))
    : tags;

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
          placeholder="Search tag, name or value"
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
        {showPhi
          ? 'Patient-identifying tags are shown.'
          : `${hiddenPhi} patient-identifying tag${hiddenPhi === 1 ? ' is' : 's are'} hidden.`}
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
            {shown.map((t) => (
              <tr key={t.tag} data-phi={t.phi || undefined}>
                <td>
                  <code>{t.tag}</code>
                </td>
                <td>{t.name}</td>
                <td>{t.vr}</td>
                <td>{t.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={() => ref.current?.close()}>
        Close
      </button>
    </dialog>
  );
}
