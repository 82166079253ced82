import { useEffect, useState, type FormEvent } from 'react';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { parseExpertLines } from './parseExpertLines';

/** Where the model runs: the local ONNX runtime, or an OpenAI-compatible server. */
export function ModelServerForm() {
  const backend = useAppStore((s) => s.backend);
  const busy = useAppStore((s) => s.backendBusy);
  const error = useAppStore((s) => s.backendError);
  const setBackend = useAppStore((s) => s.setBackend);
  const [kind, setKind] = useState<'local' | 'server'>('local');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [apiKeyEnv, setApiKeyEnv] = useState('');
  const [experts, setExperts] = useState('');
  const [formError, setFormError] = useState<string>();

  useEffect(() => {
    if (!backend) return;
    setKind(backend.kind);
    setBaseUrl(backend.server?.baseUrl ?? '');
    setModel(backend.server?.model ?? '');
    setApiKeyEnv(backend.server?.apiKeyEnv ?? '');
    setExperts(
      Object.entries(backend.server?.experts ?? {})
        .map(([s, m]) => `${s}=${m}`)
        .join('\n'),
    );
  }, [backend]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    if (kind === 'local') {
      await setBackend({ kind: 'local' });
      return;
    }
    const parsed = parseExpertLines(experts);
    if (typeof parsed === 'string') {
      setFormError(parsed);
      return;
    }
    const saved = await setBackend({
      kind: 'server',
      server: {
        baseUrl: baseUrl.trim(),
        model: model.trim(),
        experts: parsed,
        apiKeyEnv: apiKeyEnv.trim() || undefined,
      },
      apiKey: backend?.canStoreKey && apiKey !== '' ? apiKey : undefined,
    });
    if (saved) setApiKey('');
  };

  const server = backend?.server;
  return (
    <form
      className="server-form"
      onSubmit={(e) => void onSubmit(e)}
      aria-label="Where the model runs"
    >
      <h3>Where the model runs</h3>
      <label className="inline">
        <input
          type="radio"
          name="backend-kind"
          checked={kind === 'local'}
          onChange={() => setKind('local')}
        />
        On this computer (the model selected above)
      </label>
      <label className="inline">
        <input
          type="radio"
          name="backend-kind"
          checked={kind === 'server'}
          onChange={() => setKind('server')}
        />
        An OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, LM Studio)
      </label>
      {kind === 'server' ? (
        <>
          <label>
            Base URL
            <input
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.currentTarget.value)}
              placeholder="http://127.0.0.1:11434/v1"
              required
            />
          </label>
          <label>
            Model name
            <input
              value={model}
              onChange={(e) => setModel(e.currentTarget.value)}
              placeholder="qwen2.5vl"
              required
            />
          </label>
          {backend?.canStoreKey ? (
            <label>
              API key (optional; kept encrypted by the system keychain)
              <input
                type="password"
                autoComplete="off"
                value={apiKey}
                onChange={(e) => setApiKey(e.currentTarget.value)}
                placeholder={server?.hasStoredKey ? 'a key is stored; type to replace it' : ''}
              />
            </label>
          ) : null}
          <label>
            API key from the environment variable (optional)
            <input
              value={apiKeyEnv}
              onChange={(e) => setApiKeyEnv(e.currentTarget.value)}
              placeholder="VLLM_API_KEY"
            />
          </label>
          <label>
            Specialty experts (optional, one per line: specialty=served model)
            <textarea
              value={experts}
              onChange={(e) => setExperts(e.currentTarget.value)}
              placeholder="pediatrics=peds-lora"
              rows={3}
            />
          </label>
          <p className="hint">
            A server on this computer (127.0.0.1, ::1, localhost) is as private as the local model.
            For any other host you are asked before images and your question are sent.
          </p>
        </>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        Save
      </button>
      {backend?.kind === 'server' && server ? (
        <p className="hint" role="status" data-testid="backend-state">
          Answers come from {server.model} on {server.host}
          {server.loopback
            ? ' (this computer).'
            : server.consented
              ? ': images are sent there.'
              : ': you will be asked before anything is sent.'}
        </p>
      ) : null}
      {formError ? <ErrorNotice error={{ title: formError }} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
