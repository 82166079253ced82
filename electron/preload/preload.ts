import { contextBridge, ipcRenderer } from 'electron';
import { contract, type RawApi } from '../common/contract';
import {
  PRINT_TO_PDF_CHANNEL,
  STREAM_CANCEL_CHANNEL,
  STREAM_EVENT_CHANNEL,
  streamChannel,
} from '../common/ipcChannels';

/**
 * The only bridge between the sandboxed renderer and the back end: one
 * function per message of the contract, nothing generic (no raw
 * ipcRenderer). Validation happens in the renderer's client and in main.
 */
function buildApi(): RawApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(contract.calls)) {
    api[name] = (payload: unknown) => ipcRenderer.invoke(name, payload);
  }
  for (const name of Object.keys(contract.streams)) {
    api[name] = (payload: unknown, onMessage: (message: unknown) => void) => {
      const streamId = crypto.randomUUID();
      const listener = (_event: unknown, message: { streamId: string; event: unknown }) => {
        if (message.streamId === streamId) onMessage(message.event);
      };
      ipcRenderer.on(STREAM_EVENT_CHANNEL, listener);
      const done = ipcRenderer
        .invoke(streamChannel(name), { streamId, payload })
        .finally(() => ipcRenderer.off(STREAM_EVENT_CHANNEL, listener));
      return { cancel: () => ipcRenderer.send(STREAM_CANCEL_CHANNEL, streamId), done };
    };
  }
  for (const name of Object.keys(contract.events)) {
    api[name] = (listener: (payload: unknown) => void) => {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(name, wrapped);
      return () => ipcRenderer.off(name, wrapped);
    };
  }
  return api as RawApi;
}

contextBridge.exposeInMainWorld('api', buildApi());
// Desktop-only abilities outside the back-end contract: one function, one channel.
contextBridge.exposeInMainWorld('desktop', {
  printToPdf: (fileName: string) => ipcRenderer.invoke(PRINT_TO_PDF_CHANNEL, fileName),
});
