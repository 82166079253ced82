import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatBytes } from '../../ui/formatBytes';
import { downloadKey } from './downloadsSlice';

/** Known ONNX exports to download: size, RAM fit, progress with pause, resume and cancel. */
export function DownloadsSection({ open }: { open: boolean }) {
  const catalog = useAppStore((s) => s.catalog);
  const catalogError = useAppStore((s) => s.catalogError);
  const downloads = useAppStore((s) => s.downloads);
  const loadCatalog = useAppStore((s) => s.loadCatalog);
  const start = useAppStore((s) => s.startDownload);
  const pause = useAppStore((s) => s.pauseDownload);
  const cancel = useAppStore((s) => s.cancelDownload);
  const [chosen, setChosen] = useState<Record<string, string>>({});

  useEffect(() => {
    if (open) void loadCatalog();
  }, [open, loadCatalog]);

  if (catalogError) return <ErrorNotice error={catalogError} />;
  if (!catalog) return null;
  return (
    <section className="downloads" aria-label="Download a model">
      <h3>Download a model</h3>
      <p className="hint">
        Downloads need a network connection and start only when you press Download. Files are
        checked against their SHA-256 and the model appears once it is complete.
      </p>
      <ul>
        {catalog.entries.map((entry) => {
          const dtype = chosen[entry.id] ?? entry.variants[0]?.dtype ?? '';
          const variant = entry.variants.find((v) => v.dtype === dtype);
          const state = downloads[downloadKey(entry.id, dtype)];
          if (!variant) return null;
          const size =
            variant.downloadBytes === null
              ? 'size shown once the download starts'
              : formatBytes(variant.downloadBytes);
          return (
            <li key={entry.id} className="download-entry" data-testid={`download-${entry.id}`}>
              <strong>{entry.name}</strong>{' '}
              <span className="hint">
                {entry.repo} · {entry.license}
              </span>
              <div className="download-row">
                <label>
                  Variant{' '}
                  <select
                    value={dtype}
                    onChange={(e) => setChosen({ ...chosen, [entry.id]: e.currentTarget.value })}
                    disabled={state?.status === 'running'}
                  >
                    {entry.variants.map((v) => (
                      <option key={v.dtype} value={v.dtype}>
                        {v.dtype}
                      </option>
                    ))}
                  </select>
                </label>
                <span>{size}</span>
                <span className={`fit ${variant.fit.verdict}`}>{variant.fit.message}</span>
              </div>
              {variant.installedId ? (
                <p className="hint">Installed.</p>
              ) : state?.status === 'running' ? (
                <div className="download-row">
                  <progress
                    aria-label={`Downloading ${entry.name} ${dtype}`}
                    value={state.totalBytes ? state.doneBytes : undefined}
                    max={state.totalBytes ?? undefined}
                  />
                  <span>
                    {formatBytes(state.doneBytes)}
                    {state.totalBytes ? ` of ${formatBytes(state.totalBytes)}` : ''}
                  </span>
                  <button type="button" onClick={() => pause(entry.id, dtype)}>
                    Pause
                  </button>
                  <button type="button" onClick={() => void cancel(entry.id, dtype)}>
                    Cancel
                  </button>
                </div>
              ) : (
                <div className="download-row">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => void start(entry.id, dtype)}
                  >
                    {variant.partialBytes > 0 || state ? 'Resume' : 'Download'}
                  </button>
                  {variant.partialBytes > 0 ? (
                    <>
                      <span className="hint">{formatBytes(variant.partialBytes)} received</span>
                      <button type="button" onClick={() => void cancel(entry.id, dtype)}>
                        Cancel
                      </button>
                    </>
                  ) : null}
                </div>
              )}
              {state?.offline ? (
                <p className="offline" role="status">
                  Needs a network connection: connect and press Resume.
                </p>
              ) : null}
              {state?.error ? <ErrorNotice error={state.error} /> : null}
            </li>
          );
        })}
      </ul>
      {catalog.note ? <p className="hint">{catalog.note}</p> : null}
    </section>
  );
}
