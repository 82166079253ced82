import { useState, type FormEvent } from 'react';
import type { PacsServer } from '../../../../electron/common/schemas/pacs';
import { api } from '../../bridge/api';
import { useAppStore } from '../../store/store';
import { describeError, type ErrorView } from '../../ui/describeError';
import { ErrorNotice } from '../../ui/ErrorNotice';

type Auth = PacsServer['auth'];

/** Adds or edits a PACS entry; a host that is not this machine asks for consent once. */
export function PacsServerForm({
  editing,
  onDone,
}: {
  editing?: PacsServer;
  /** Called with the saved entry's id, or without one on Cancel. */
  onDone(savedId?: string): void;
}) {
  const loadServers = useAppStore((s) => s.loadPacsServers);
  const before = useAppStore((s) => s.pacsServers);
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [auth, setAuth] = useState<Auth>(editing?.auth ?? 'none');
  const [username, setUsername] = useState(editing?.username ?? '');
  const [secret, setSecret] = useState('');
  const [needsConsent, setNeedsConsent] = useState(false);
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<ErrorView>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const { servers } = await api.savePacsServer({
        ...(editing ? { id: editing.id } : {}),
        name,
        url,
        auth,
        ...(auth === 'basic' ? { username } : {}),
        ...(auth !== 'none' && secret !== '' ? { secret } : {}),
        ...(consent ? { consentRemote: true } : {}),
      });
      await loadServers();
      const known = new Set(before.map((s) => s.id));
      onDone(editing?.id ?? servers.find((s) => !known.has(s.id))?.id);
    } catch (thrown) {
      const view = describeError(thrown);
      if ((thrown as { code?: unknown }).code === 'pacs-remote-consent') setNeedsConsent(true);
      setError(view);
    }
  };

  return (
    <form className="pacs-server-form" onSubmit={(e) => void onSubmit(e)} aria-label="PACS server">
      <label>
        Name <input value={name} onChange={(e) => setName(e.currentTarget.value)} required />
      </label>
      <label>
        DICOMweb URL{' '}
        <input
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          placeholder="http://127.0.0.1:8042/dicom-web"
          required
        />
      </label>
      <label>
        Sign-in{' '}
        <select value={auth} onChange={(e) => setAuth(e.currentTarget.value as Auth)}>
          <option value="none">none</option>
          <option value="basic">user name and password</option>
          <option value="bearer">bearer token</option>
        </select>
      </label>
      {auth === 'basic' ? (
        <label>
          User name <input value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
        </label>
      ) : null}
      {auth !== 'none' ? (
        <label>
          {auth === 'basic' ? 'Password' : 'Token'}{' '}
          <input
            type="password"
            value={secret}
            autoComplete="off"
            placeholder={editing?.hasSecret ? 'stored; leave empty to keep' : ''}
            onChange={(e) => setSecret(e.currentTarget.value)}
          />
        </label>
      ) : null}
      {needsConsent ? (
        <label className="consent">
          <input
            type="checkbox"
            checked={consent}
            onChange={(e) => setConsent(e.currentTarget.checked)}
          />{' '}
          Send searches, study images and reasoning reports to this server (it is not this machine)
        </label>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <div className="actions">
        <button type="submit" className="primary">
          Save server
        </button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
