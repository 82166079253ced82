/** IPC channel names shared by main (ipc.ts) and the preload. */
export const STREAM_EVENT_CHANNEL = 'stream:event';
export const STREAM_CANCEL_CHANNEL = 'stream:cancel';
export const streamChannel = (name: string) => `stream:${name}`;
