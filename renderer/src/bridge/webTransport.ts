import type { Contract, RawApi } from '../../../electron/common/contract';
import { bytesReplacer } from '../../../electron/common/jsonBytes';
import type { RawStream } from '../../../electron/common/rpc';

/**
 * Web-mode transport: the same raw functions the Electron preload exposes,
 * carried over HTTP (calls) and Server-Sent Events (streams). The per-launch
 * token rides in an HttpOnly cookie set by the server on first load.
 */
async function postJson(path: string, payload: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // Uint8Arrays (image pixels) as base64: the one place JSON needs it.
    body: JSON.stringify(payload, bytesReplacer),
    credentials: 'same-origin',
    signal,
  });
}

async function envelopeFrom(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return {
      ok: false,
      error: { code: `http-${response.status}`, title: `Server answered ${response.status}` },
    };
  }
}

/** Reads `data: …` messages of an event stream and hands each parsed JSON on. */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onData: (data: unknown) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) onData(JSON.parse(data));
    }
  }
}

function streamFunction(name: string) {
  return (payload: unknown, onMessage: (message: unknown) => void): RawStream => {
    const controller = new AbortController();
    const done = (async () => {
      const cancelled = { ok: false, error: { code: 'cancelled', title: 'Stopped' } };
      let result: unknown = {
        ok: false,
        error: { code: 'stream-ended', title: 'The connection closed early' },
      };
      try {
        const response = await postJson(`/api/stream/${name}`, payload, controller.signal);
        if (!response.ok || !response.body) return await envelopeFrom(response);
        await readEventStream(response.body, (data) => {
          const message = data as { type?: string; event?: unknown; envelope?: unknown };
          if (message.type === 'event') onMessage(message.event);
          else if (message.type === 'result') result = message.envelope;
        });
        return result;
      } catch (error) {
        if (controller.signal.aborted) return cancelled;
        return {
          ok: false,
          error: {
            code: 'network',
            title: 'Lost the connection to the app server',
            cause: String(error),
          },
        };
      }
    })();
    return { cancel: () => controller.abort(), done };
  };
}

export function createWebTransport(contract: Contract): RawApi {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(contract.calls)) {
    raw[name] = async (payload: unknown) =>
      envelopeFrom(await postJson(`/api/call/${name}`, payload));
  }
  for (const name of Object.keys(contract.streams)) raw[name] = streamFunction(name);
  // Pushed events come from Electron's native menu; a browser tab has none.
  for (const name of Object.keys(contract.events)) raw[name] = () => () => undefined;
  return raw as RawApi;
}
