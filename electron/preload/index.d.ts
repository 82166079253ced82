import type { RawApi } from '../common/contract';

declare global {
  interface Window {
    /** Set by the Electron preload (one function per message); absent in web mode. */
    api?: RawApi;
  }
}
export {};
