import type { WorkerMessage } from '../protocol';
import { runWorker, type WorkerPort } from './runWorker';

/** Electron's utilityProcess child side (not in @types/node). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The port of whichever parent started this process: Electron utilityProcess or child_process.fork. */
export function processPort(): WorkerPort {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message: WorkerMessage) => parentPort.postMessage(message),
      onMessage(handler) {
        const listener = (event: { data: unknown }) => handler(event.data);
        parentPort.on('message', listener);
        return () => parentPort.off('message', listener);
      },
    };
  }
  const send = process.send?.bind(process);
  if (!send)
    throw new Error(
      'startWorker: no parent to talk to (start this module with child_process.fork or utilityProcess.fork)',
    );
  // Without a parent there is no one to answer: leave instead of lingering.
  process.once('disconnect', () => process.exit(0));
  return {
    post: (message: WorkerMessage) => void send(message),
    onMessage(handler) {
      process.on('message', handler);
      return () => process.off('message', handler);
    },
  };
}

/** Starts serving requests on this process's parent port and says it is ready. */
export function startWorker(): void {
  const port = processPort();
  runWorker(port);
  port.post({ type: 'ready', pid: process.pid });
}
