import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { contract, type EventName } from '../common/contract';
import type { ContractSpec } from '../common/rpc';
import type { AppDispatcher } from '../backend/createHandlers';
import { STREAM_CANCEL_CHANNEL, STREAM_EVENT_CHANNEL, streamChannel } from '../common/ipcChannels';
import { isAppUrl } from './security';

const refused = {
  ok: false,
  error: { code: 'forbidden', title: 'Request refused: it did not come from the app window' },
};

/**
 * Only the app's own top frame may call the back end (Electron security
 * checklist item 17: validate the sender of all IPC messages).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

interface StreamRequest {
  streamId: string;
  payload: unknown;
}
const isStreamRequest = (value: unknown): value is StreamRequest =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as StreamRequest).streamId === 'string';

/** Registers every call and stream of the contract on ipcMain; returns a disposer. */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  dispatcher: AppDispatcher,
  spec: ContractSpec = contract,
): () => void {
  const running = new Map<string, AbortController>();
  const context = { mode: 'electron' as const };

  for (const name of Object.keys(spec.calls)) {
    ipcMain.handle(name, (event, payload: unknown) =>
      isTrustedSender(event) ? dispatcher.call(name, payload, context) : refused,
    );
  }
  for (const name of Object.keys(spec.streams)) {
    ipcMain.handle(streamChannel(name), async (event, request: unknown) => {
      if (!isTrustedSender(event)) return refused;
      if (!isStreamRequest(request))
        return { ok: false, error: { code: 'bad-request', title: 'Malformed stream request' } };
      const controller = new AbortController();
      running.set(request.streamId, controller);
      const sender = event.sender;
      const emit = (streamEvent: unknown) => {
        if (!sender.isDestroyed())
          sender.send(STREAM_EVENT_CHANNEL, { streamId: request.streamId, event: streamEvent });
      };
      // Closing the window cancels its streams.
      const onGone = () => controller.abort();
      sender.once('destroyed', onGone);
      try {
        return await dispatcher.stream(name, request.payload, emit, controller.signal, context);
      } finally {
        running.delete(request.streamId);
        sender.off('destroyed', onGone);
      }
    });
  }
  const onCancel = (event: Electron.IpcMainEvent, streamId: unknown) => {
    if (isTrustedSender(event) && typeof streamId === 'string') running.get(streamId)?.abort();
  };
  ipcMain.on(STREAM_CANCEL_CHANNEL, onCancel);

  return () => {
    for (const name of Object.keys(spec.calls)) ipcMain.removeHandler(name);
    for (const name of Object.keys(spec.streams)) ipcMain.removeHandler(streamChannel(name));
    ipcMain.off(STREAM_CANCEL_CHANNEL, onCancel);
    for (const controller of running.values()) controller.abort();
  };
}

/** Pushes an event of the contract to a window, validated first. */
export function sendEvent<K extends EventName>(
  contents: WebContents,
  name: K,
  payload: unknown,
): void {
  const parsed = contract.events[name].safeParse(payload);
  if (parsed.success && !contents.isDestroyed()) contents.send(name, parsed.data);
}
