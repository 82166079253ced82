import type { UtilityProcess } from 'electron';

export interface WorkerHostOptions {
  /** Starts the worker (Electron: utilityProcess.fork of the bundled worker). */
  spawn(): UtilityProcess;
  /** Called with every message the worker sends. */
  onMessage(message: unknown): void;
  /** Called when the worker exits unexpectedly; the next send starts a new one. */
  onCrash(code: number): void;
}

/**
 * The slot for the inference worker: a utilityProcess, so onnxruntime never
 * runs in the main process (it crashes there: Chromium's allocator shim) and
 * a model crash cannot take the app down. Started on first use, restarted on
 * the next use after a crash.
 */
export class WorkerHost {
  private child?: UtilityProcess;
  private stopping = false;

  constructor(private readonly options: WorkerHostOptions) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  send(message: unknown): void {
    this.ensureStarted().postMessage(message);
  }

  private ensureStarted(): UtilityProcess {
    if (this.child) return this.child;
    const child = this.options.spawn();
    child.on('message', (message: unknown) => this.options.onMessage(message));
    child.once('exit', (code: number) => {
      if (this.child === child) this.child = undefined;
      if (!this.stopping) this.options.onCrash(code);
    });
    this.child = child;
    return child;
  }

  dispose(): void {
    this.stopping = true;
    this.child?.kill();
    this.child = undefined;
  }
}
