/** IPC channel names shared by main (ipc.ts) and the preload. */
export const STREAM_EVENT_CHANNEL = 'stream:event';
export const STREAM_CANCEL_CHANNEL = 'stream:cancel';
export const streamChannel = (name: string) => `stream:${name}`;
/** Electron only: the window's print view saved as a PDF (web mode uses the browser's print dialog). */
export const PRINT_TO_PDF_CHANNEL = 'app:print-to-pdf';
