import type { Contract } from '../../common/contract';
import { createDispatcher, type Dispatcher, type HandlersOf } from '../../common/rpc';
import { contract } from '../../common/contract';
import { appHandlers } from './appHandlers';
import type { HandlerContext } from './handlerContext';

/**
 * The back end's handlers, shared by Electron IPC (electron/main/ipc.ts) and
 * web mode (electron/web/server.ts). Nothing here may import electron.
 */
export function createHandlers(): HandlersOf<Contract, HandlerContext> {
  return {
    calls: { ...appHandlers },
    streams: {},
  };
}

export function createAppDispatcher() {
  return createDispatcher<Contract, HandlerContext>(contract, createHandlers());
}
export type AppDispatcher = Dispatcher<HandlerContext>;
