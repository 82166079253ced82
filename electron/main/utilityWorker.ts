import type { UtilityProcess } from 'electron';
import type { WorkerExit, WorkerHandle, WorkerLauncher } from '../../models/runtime/forkWorker';
import type { WorkerRequest } from '../../models/runtime/protocol';

/** The part of Electron's `utilityProcess` module the launcher uses. */
export interface UtilityProcessModule {
  fork(
    modulePath: string,
    args?: string[],
    options?: { serviceName?: string; stdio?: 'pipe' | 'ignore' | 'inherit' },
  ): UtilityProcess;
}

/**
 * Starts the inference worker as an Electron utilityProcess: onnxruntime
 * must never run in the main process (it crashes there: Chromium's allocator
 * shim), and a model crash must not take the app with it. ModelRuntime
 * restarts it through this launcher after a crash.
 */
export function utilityWorkerLauncher(
  utilityProcess: UtilityProcessModule,
  entry: string,
): WorkerLauncher {
  return (): WorkerHandle => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'MMedExpert inference',
      stdio: 'pipe',
    });
    let stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    // Drain stdout so a chatty library cannot block the worker on a full pipe.
    child.stdout?.resume();
    return {
      get pid() {
        return child.pid;
      },
      send(message: WorkerRequest) {
        child.postMessage(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener: (exit: WorkerExit) => void) {
        child.once('exit', (code: number) => listener({ code, signal: null, stderrTail }));
      },
      kill() {
        child.kill();
      },
    };
  };
}
