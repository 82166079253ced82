import { useState } from 'react';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { DEMO_LABEL, modelLabel } from './modelsSlice';
import { FolderBrowser } from './FolderBrowser';
import { ModelServerForm } from './ModelServerForm';
import { DownloadsSection } from './DownloadsSection';
import { ModelContract } from './ModelContract';
import { formatBytes } from '../../ui/formatBytes';
import { useModalDialog } from '../../ui/useModalDialog';

const params = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)} B`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} M`
      : `${Math.round(n / 1e3)} K`;

/** The models page: installed models, RAM fit, active selection, import with verification. */
export function ModelsDialog() {
  const open = useAppStore((s) => s.modelsOpen);
  const setOpen = useAppStore((s) => s.setModelsOpen);
  const models = useAppStore((s) => s.models);
  const broken = useAppStore((s) => s.brokenModels);
  const activeId = useAppStore((s) => s.activeModelId);
  const busy = useAppStore((s) => s.modelsBusy);
  const error = useAppStore((s) => s.modelsError);
  const report = useAppStore((s) => s.verifyReport);
  const totalMemory = useAppStore((s) => s.totalMemoryBytes);
  const selectModel = useAppStore((s) => s.selectModel);
  const removeModel = useAppStore((s) => s.removeModel);
  const verifyFolder = useAppStore((s) => s.verifyFolder);
  const importFolder = useAppStore((s) => s.importFolder);
  const importNotice = useAppStore((s) => s.importNotice);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const ref = useModalDialog(open);

  const verified = report && report.path === path.trim() && report.report.ok;
  return (
    <dialog
      ref={ref}
      className="dialog models-dialog"
      aria-labelledby="models-title"
      onClose={() => setOpen(false)}
      aria-busy={busy}
    >
      <header>
        <h2 id="models-title">Models</h2>
        <button type="button" onClick={() => setOpen(false)} aria-label="Close models">
          ×
        </button>
      </header>
      <p className="hint">
        Models run on this computer ({formatBytes(totalMemory)} RAM), unless you choose a model
        server below.
      </p>
      <table className="models-table">
        <thead>
          <tr>
            <th scope="col">Active</th>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Memory</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} className={m.demo ? 'demo' : undefined}>
              <td>
                <input
                  type="radio"
                  name="active-model"
                  checked={m.id === activeId}
                  onChange={() => void selectModel(m.id)}
                  aria-label={`Use ${modelLabel(m)}`}
                  disabled={busy}
                />
              </td>
              <td>
                <strong className={m.demo ? 'model-name demo' : undefined}>{m.name}</strong>
                {m.demo && m.name !== DEMO_LABEL ? (
                  <span className="badge demo">{DEMO_LABEL}</span>
                ) : null}
                <div className="hint">
                  {m.modelType} · {m.dtypes.join(', ')} · {params(m.parameterCount)} parameters ·
                  sha256 {m.sha256.slice(0, 12)}…
                </div>
              </td>
              <td>{formatBytes(m.totalBytes)}</td>
              <td className={`fit ${m.fit.verdict}`}>{m.fit.message}</td>
              <td>
                <button
                  type="button"
                  onClick={() => void removeModel(m.id)}
                  disabled={busy}
                  aria-label={`Remove ${m.name}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
          {broken.map((b) => (
            <tr key={b.id} className="broken">
              <td />
              <td colSpan={4}>
                {b.id}: {b.problem}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!verified) return void verifyFolder(path.trim());
          // A successful import says so and clears the form for the next one.
          void importFolder(path.trim(), name.trim() || undefined).then((ok) => {
            if (!ok) return;
            setPath('');
            setName('');
          });
        }}
      >
        <h3>Import a model folder</h3>
        <p className="hint">
          A folder in the layout of the model folder contract (Qwen2-VL / Qwen2.5-VL exported to
          ONNX). It is verified first, then copied.
        </p>
        <ModelContract />
        <div className="folder-row">
          <label>
            Folder on this computer
            <input
              value={path}
              onChange={(e) => setPath(e.currentTarget.value)}
              placeholder="/path/to/model"
              required
            />
          </label>
          <button
            type="button"
            aria-expanded={browsing}
            onClick={() => setBrowsing(!browsing)}
            title="Choose a folder inside your home folder"
          >
            Browse…
          </button>
        </div>
        {browsing ? (
          <FolderBrowser
            start={path.trim() || undefined}
            onChoose={(chosen) => {
              setPath(chosen);
              setBrowsing(false);
            }}
            onCancel={() => setBrowsing(false)}
          />
        ) : null}
        <label>
          Name (optional)
          <input value={name} onChange={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy || path.trim() === ''}>
          {verified ? 'Import' : 'Verify'}
        </button>
        {report && report.path === path.trim() ? (
          <div className={report.report.ok ? 'verify ok' : 'verify bad'} role="status">
            {report.report.ok
              ? 'The folder follows the model contract.'
              : `${report.report.problems.length} problem(s):`}
            <ul>
              {report.report.problems.map((p, i) => (
                <li key={i}>
                  {p.file ? <code>{p.file}</code> : null} {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {importNotice ? (
          <p className="verify ok" role="status" data-testid="import-notice">
            {importNotice}
          </p>
        ) : null}
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      <DownloadsSection open={open} />
      <ModelServerForm />
    </dialog>
  );
}
