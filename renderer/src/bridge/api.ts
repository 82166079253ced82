import { contract, type Api } from '../../../electron/common/contract';
import { createApiClient } from '../../../electron/common/rpc';
import { createWebTransport } from './webTransport';

/**
 * The only module that touches window.api or the web client. The rest of the
 * renderer imports `api` and cannot tell Electron and web mode apart.
 */
export const api: Api = createApiClient(contract, window.api ?? createWebTransport(contract));
