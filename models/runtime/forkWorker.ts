import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerRequest } from './protocol';

/** Why a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** The end of what the worker wrote to stderr, for the crash report. */
  stderrTail?: string;
}

/**
 * The parent's view of one worker process, whatever started it. Electron's
 * UtilityProcess fits directly: postMessage / on('message', msg) /
 * on('exit', code) / kill() / pid.
 */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: WorkerRequest): void;
  onMessage(listener: (raw: unknown) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  kill(): void;
}

/** Starts a fresh worker process. */
export type WorkerLauncher = () => WorkerHandle;

/** Path of the worker entry; Electron's utilityProcess.fork can start the same file. */
export const inferenceWorkerEntry = fileURLToPath(
  new URL('./worker/inferenceWorker.mjs', import.meta.url),
);

export interface ForkWorkerOptions {
  /**
   * Sees everything the worker writes to stdout and stderr (tests that
   * prove no patient data reaches a log). Without it stdout is dropped.
   */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/**
 * Launches the worker with child_process.fork (CLI and web mode). The
 * 'advanced' serialization carries image bytes as Uint8Array, as Electron's
 * structured clone does.
 */
export function forkWorker({ onOutput }: ForkWorkerOptions = {}): WorkerHandle {
  const child = fork(inferenceWorkerEntry, [], {
    serialization: 'advanced',
    // Keep the CLI's stdout clean (--json) and hold the worker's stderr for a crash report.
    stdio: ['ignore', onOutput ? 'pipe' : 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  let stderrTail = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => onOutput?.('stdout', chunk));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
    onOutput?.('stderr', chunk);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      child.once('exit', (code, signal) => listener({ code, signal, stderrTail }));
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
