import { contract, type Api } from '../../../electron/common/contract';
import { createApiClient } from '../../../electron/common/rpc';
import { createWebTransport } from './webTransport';

/**
 * The only module that touches window.api or the web client. The rest of the
 * renderer imports `api` and cannot tell Electron and web mode apart.
 */
export const api: Api = createApiClient(contract, window.api ?? createWebTransport(contract));

/**
 * The desktop app saves a print view as a PDF (Electron printToPDF); in web
 * mode this is undefined and the browser's own print dialog serves.
 */
export const desktopPrintToPdf = window.desktop?.printToPdf;
