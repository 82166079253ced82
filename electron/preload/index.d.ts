import type { RawApi } from '../common/contract';

declare global {
  interface Window {
    /** Set by the Electron preload (one function per message); absent in web mode. */
    api?: RawApi;
    /** Set by the Electron preload: what only the desktop app can do. Absent in web mode. */
    desktop?: {
      /** Saves the window's print view (the print stylesheet) as a PDF where the user picks. */
      printToPdf(fileName: string): Promise<{ saved: boolean; path?: string }>;
    };
  }
}
export {};
