import { useEffect, useState, type FormEvent } from 'react';
import type { PacsServer, PacsSeries, PacsStudy } from '../../../../electron/common/schemas/pacs';
import { api } from '../../bridge/api';
import { useAppStore } from '../../store/store';
import { describeError, type ErrorView } from '../../ui/describeError';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useModalDialog } from '../../ui/useModalDialog';
import { PacsServerForm } from './PacsServerForm';

const HIDDEN = '•••';
/** DA (YYYYMMDD) as YYYY-MM-DD; the date inputs give YYYY-MM-DD back. */
const formatDate = (da: string | null) =>
  da && /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : (da ?? '');
const toDa = (iso: string) => (iso ? iso.replace(/-/g, '') : undefined);

interface Filters {
  patientId: string;
  patientName: string;
  dateFrom: string;
  dateTo: string;
  modality: string;
  accession: string;
  description: string;
}
const NO_FILTERS: Filters = {
  patientId: '',
  patientName: '',
  dateFrom: '',
  dateTo: '',
  modality: '',
  accession: '',
  description: '',
};

function RetrievalLine() {
  const retrieval = useAppStore((s) => s.retrieval);
  const retrieve = useAppStore((s) => s.retrieve);
  const cancel = useAppStore((s) => s.cancelRetrieve);
  if (!retrieval) return null;
  const { status, done, total, request } = retrieval;
  return (
    <div className="pacs-retrieval" aria-live="polite">
      {status === 'running' ? (
        <>
          <label>
            Retrieving {request.label}: {done} of {total || '…'}{' '}
            <progress max={total || 1} value={done} aria-label="Retrieval progress" />
          </label>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </>
      ) : status === 'done' ? (
        <span>
          Opened {request.label}: {done} image{done === 1 ? '' : 's'}
        </span>
      ) : (
        <>
          {retrieval.error ? <ErrorNotice error={retrieval.error} /> : <span>Stopped</span>}
          <button type="button" onClick={() => void retrieve(request)}>
            Retry
          </button>
        </>
      )}
    </div>
  );
}

/**
 * The study browser: search a PACS (QIDO-RS), see a study's series with
 * their counts, and open a series or the whole study into the viewer
 * (WADO-RS through the back end, decoded like local files).
 */
export function PacsDialog() {
  const open = useAppStore((s) => s.pacsOpen);
  const setOpen = useAppStore((s) => s.setPacsOpen);
  const servers = useAppStore((s) => s.pacsServers);
  const listError = useAppStore((s) => s.pacsError);
  const retrieve = useAppStore((s) => s.retrieve);
  const retrieving = useAppStore((s) => s.retrieval?.status === 'running');
  const loadServers = useAppStore((s) => s.loadPacsServers);
  const ref = useModalDialog(open);
  const [serverId, setServerId] = useState('');
  const [editing, setEditing] = useState<PacsServer | 'new'>();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const showPhi = useAppStore((st) => st.showPatientData);
  const setShowPhi = useAppStore((st) => st.setShowPatientData);
  const [studies, setStudies] = useState<PacsStudy[]>();
  const [selected, setSelected] = useState<string>();
  const [series, setSeries] = useState<PacsSeries[]>();
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!servers.some((s) => s.id === serverId)) setServerId(servers[0]?.id ?? '');
  }, [servers, serverId]);
  const server = servers.find((s) => s.id === serverId);

  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setFilters({ ...filters, [key]: e.currentTarget.value });

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!server) return;
    setBusy(true);
    setError(undefined);
    setSelected(undefined);
    setSeries(undefined);
    try {
      const result = await api.searchPacs({
        serverId: server.id,
        ...Object.fromEntries(
          Object.entries({
            patientId: filters.patientId.trim(),
            patientName: filters.patientName.trim(),
            modality: filters.modality.trim(),
            accession: filters.accession.trim(),
            description: filters.description.trim(),
            dateFrom: toDa(filters.dateFrom),
            dateTo: toDa(filters.dateTo),
          }).filter(([, v]) => v),
        ),
      });
      setStudies(result.studies);
    } catch (thrown) {
      setError(describeError(thrown));
      setStudies(undefined);
    } finally {
      setBusy(false);
    }
  };

  const showSeries = async (study: string) => {
    if (!server) return;
    setSelected(study);
    setSeries(undefined);
    setError(undefined);
    try {
      setSeries((await api.listPacsSeries({ serverId: server.id, study })).series);
    } catch (thrown) {
      setError(describeError(thrown));
    }
  };

  const removeServer = async (id: string) => {
    try {
      await api.removePacsServer({ id });
      await loadServers();
    } catch (thrown) {
      setError(describeError(thrown));
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog pacs-dialog"
      aria-labelledby="pacs-title"
      onClose={() => setOpen(false)}
    >
      <header>
        <h2 id="pacs-title">PACS</h2>
        <button type="button" onClick={() => setOpen(false)} aria-label="Close PACS">
          ×
        </button>
      </header>
      {listError ? <ErrorNotice error={listError} /> : null}
      {editing ? (
        <PacsServerForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? undefined : editing}
          onDone={(savedId) => {
            setEditing(undefined);
            if (savedId) setServerId(savedId);
          }}
        />
      ) : (
        <div className="pacs-servers">
          {servers.length === 0 ? (
            <p className="hint">No PACS yet. Add its DICOMweb address to search it.</p>
          ) : (
            <label>
              Server{' '}
              <select
                aria-label="Server"
                value={serverId}
                onChange={(e) => setServerId(e.currentTarget.value)}
              >
                {servers.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                    {s.remote ? ' (another machine)' : ' (this machine)'}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={() => setEditing('new')}>
            Add server…
          </button>
          {server ? (
            <>
              <button type="button" onClick={() => setEditing(server)}>
                Edit
              </button>
              <button type="button" className="danger" onClick={() => void removeServer(server.id)}>
                Remove
              </button>
            </>
          ) : null}
          {server?.remote ? (
            <p className="hint">
              Searches and retrieved studies travel to {new URL(server.url).host}.
            </p>
          ) : null}
        </div>
      )}
      {server && !editing ? (
        <form className="pacs-search" onSubmit={(e) => void search(e)} aria-label="Search the PACS">
          <label>
            Patient ID <input value={filters.patientId} onChange={set('patientId')} />
          </label>
          <label>
            Patient name <input value={filters.patientName} onChange={set('patientName')} />
          </label>
          <label>
            From <input type="date" value={filters.dateFrom} onChange={set('dateFrom')} />
          </label>
          <label>
            To <input type="date" value={filters.dateTo} onChange={set('dateTo')} />
          </label>
          <label>
            Modality <input value={filters.modality} onChange={set('modality')} size={4} />
          </label>
          <label>
            Accession <input value={filters.accession} onChange={set('accession')} />
          </label>
          <label>
            Description <input value={filters.description} onChange={set('description')} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Search
          </button>
          <label>
            <input
              type="checkbox"
              checked={showPhi}
              onChange={(e) => setShowPhi(e.currentTarget.checked)}
            />{' '}
            show patient data
          </label>
        </form>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {studies ? (
        studies.length === 0 ? (
          <p className="hint">No studies match.</p>
        ) : (
          <table className="pacs-studies" aria-label="Studies found">
            <thead>
              <tr>
                <th>Patient</th>
                <th>Date</th>
                <th>Modalities</th>
                <th>Description</th>
                <th>Accession</th>
                <th>Series / images</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {studies.map((s) => (
                <tr
                  key={s.studyInstanceUID}
                  aria-selected={s.studyInstanceUID === selected}
                  className={s.studyInstanceUID === selected ? 'selected' : undefined}
                >
                  <td>{showPhi ? `${s.patientName} (${s.patientId})` : HIDDEN}</td>
                  <td>{formatDate(s.studyDate)}</td>
                  <td>{s.modalities.join(', ')}</td>
                  <td>{s.description ?? ''}</td>
                  <td>{showPhi ? s.accessionNumber : HIDDEN}</td>
                  <td>
                    {s.series ?? '?'} / {s.instances ?? '?'}
                  </td>
                  <td>
                    <button type="button" onClick={() => void showSeries(s.studyInstanceUID)}>
                      Series
                    </button>
                    <button
                      type="button"
                      disabled={retrieving}
                      onClick={() =>
                        void retrieve({
                          serverId,
                          study: s.studyInstanceUID,
                          label: `study ${s.description ?? ''}`.trim(),
                        })
                      }
                    >
                      Open study
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {selected && series ? (
        <ul className="pacs-series" aria-label="Series of the study">
          {series.map((s) => (
            <li key={s.seriesInstanceUID}>
              {s.number !== null ? `#${s.number} ` : ''}
              {s.modality ?? ''} {s.description ?? 'Series'} · {s.instances ?? '?'} image
              {s.instances === 1 ? '' : 's'}{' '}
              <button
                type="button"
                disabled={retrieving}
                onClick={() =>
                  void retrieve({
                    serverId,
                    study: selected,
                    series: s.seriesInstanceUID,
                    label: `series ${s.number ?? ''}`.trim(),
                  })
                }
              >
                Open series
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <RetrievalLine />
    </dialog>
  );
}
