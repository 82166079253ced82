import { AppError } from '../../electron/common/appError';
import { forkWorker, type WorkerExit, type WorkerHandle, type WorkerLauncher } from './forkWorker';
import type { ForkGenerateOptions, GenerateOptions, InferenceRuntime } from './InferenceRuntime';
import {
  generateForksRequestSchema,
  generateRequestSchema,
  workerMessageSchema,
  type Dtype,
  type GenerateEvent,
  type GenerateRequest,
  type GenerateResult,
  type LoadProgress,
  type ModelInfo,
  type WorkerMessage,
  type WorkerRequest,
} from './protocol';

interface Pending {
  resolve(message: WorkerMessage): void;
  reject(error: AppError): void;
  onProgress?: (progress: LoadProgress) => void;
  onEvent?: (event: GenerateEvent) => void;
  onForkEvent?: (fork: number, event: GenerateEvent) => void;
}

export interface ModelRuntimeOptions {
  /** Starts a worker process; defaults to child_process.fork. Electron passes a utilityProcess launcher. */
  launch?: WorkerLauncher;
}

function crashError(exit: WorkerExit): AppError {
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
  const tail = exit.stderrTail?.trim().split('\n').at(-1);
  return new AppError({
    code: 'worker-crashed',
    title: 'The model process stopped unexpectedly',
    cause: tail ? `${how}: ${tail}` : how,
    suggestion:
      'Ask again: the model is reloaded in a fresh process. If it keeps happening, the model may need more memory than this computer has.',
  });
}

/**
 * The parent side of the inference worker. One worker process at a time;
 * if it dies, pending calls fail with a 'worker-crashed' AppError and the
 * next call starts a fresh worker and reloads the last model.
 */
export class ModelRuntime implements InferenceRuntime {
  private worker: WorkerHandle | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lastLoad: { modelDir: string; dtype?: Dtype } | undefined;
  private loaded: Promise<ModelInfo> | undefined;
  private readonly launch: WorkerLauncher;

  constructor({ launch = forkWorker }: ModelRuntimeOptions = {}) {
    this.launch = launch;
  }

  /** Process id of the current worker, if one runs. */
  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  private ensureWorker(): WorkerHandle {
    if (this.worker) return this.worker;
    const worker = this.launch();
    this.worker = worker;
    worker.onMessage((raw) => this.receive(worker, raw));
    worker.onExit((exit) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.loaded = undefined;
      const error = crashError(exit);
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(error);
    });
    return worker;
  }

  private receive(worker: WorkerHandle, raw: unknown): void {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      // A worker that speaks garbage cannot be trusted with the next request either.
      worker.kill();
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message.progress);
        return;
      case 'events':
        if (message.fork !== undefined)
          for (const event of message.events) pending.onForkEvent?.(message.fork, event);
        else if (pending.onEvent) for (const event of message.events) pending.onEvent(event);
        return;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(new AppError(message.error));
        return;
      default:
        this.pending.delete(message.id);
        pending.resolve(message);
    }
  }

  private call(
    request: WorkerRequest,
    handlers: Omit<Pending, 'resolve' | 'reject'> = {},
  ): Promise<WorkerMessage> {
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject, ...handlers });
      worker.send(request);
    });
  }

  /**
   * Loads a model folder in the worker, or reuses it when that folder is
   * already loaded. Aborting ends the worker (a session being created cannot
   * be interrupted) and rejects with the signal's reason.
   */
  async load(
    modelDir: string,
    {
      signal,
      onProgress,
      dtype,
    }: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void; dtype?: Dtype } = {},
  ): Promise<ModelInfo> {
    signal?.throwIfAborted();
    // The same folder is already loaded (or loading) in a live worker: reuse
    // it, so asking a second question does not reload a multi-GB model.
    if (this.loaded && this.lastLoad?.modelDir === modelDir && this.lastLoad.dtype === dtype) {
      const info = await this.loaded;
      onProgress?.({ stage: 'ready', fraction: 1 });
      return info;
    }
    this.lastLoad = { modelDir, dtype };
    const id = this.nextId++;
    const worker = this.ensureWorker();
    const onAbort = () => worker.kill();
    signal?.addEventListener('abort', onAbort, { once: true });
    const loaded = this.call({ type: 'load', id, modelDir, dtype }, { onProgress }).then((m) => {
      if (m.type !== 'loaded') throw new Error(`ModelRuntime.load: unexpected reply ${m.type}`);
      return m.info;
    });
    this.loaded = loaded;
    loaded.catch(() => {
      if (this.loaded === loaded) this.loaded = undefined;
    });
    try {
      return await loaded;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The last model, loaded again after a worker crash; a 'model-not-loaded' AppError if there is none. */
  private async ensureLoaded(signal: AbortSignal | undefined): Promise<void> {
    if (!this.loaded) {
      if (!this.lastLoad) {
        throw new AppError({
          code: 'model-not-loaded',
          title: 'No model is loaded',
          suggestion: 'Choose a model first.',
        });
      }
      await this.load(this.lastLoad.modelDir, { dtype: this.lastLoad.dtype, signal });
    }
    await this.loaded;
  }

  /**
   * Generates an answer, streaming token and text events to onEvent.
   * Aborting the signal cancels within one token; the result then has
   * `cancelled: true`. After a worker crash this call starts a fresh worker
   * and reloads the last model first.
   */
  async generate(
    request: GenerateRequest,
    { signal, onEvent }: GenerateOptions = {},
  ): Promise<GenerateResult> {
    const parsed = validRequest(generateRequestSchema.safeParse(request));
    const message = await this.cancellableCall(
      (id) => ({ type: 'generate', id, request: parsed }),
      { onEvent },
      signal,
    );
    if (message.type !== 'result')
      throw new Error(`ModelRuntime.generate: unexpected reply ${message.type}`);
    return message.result;
  }

  /**
   * Generates answers to requests that share their images and the start of
   * their prompt: the worker prefills the shared part once and forks it
   * (internal/decodeForks.ts). Events arrive per request, in request order;
   * aborting cancels within one token, and the requests not yet answered
   * come back empty with `cancelled: true`.
   */
  async generateForks(
    requests: GenerateRequest[],
    { signal, onEvent }: ForkGenerateOptions = {},
  ): Promise<GenerateResult[]> {
    const parsed = validRequest(generateForksRequestSchema.safeParse(requests));
    const message = await this.cancellableCall(
      (id) => ({ type: 'generate-forks', id, requests: parsed }),
      { onForkEvent: onEvent },
      signal,
    );
    if (message.type !== 'fork-results')
      throw new Error(`ModelRuntime.generateForks: unexpected reply ${message.type}`);
    return message.results;
  }

  /** One generation call on the loaded model (after a crash: reloaded first); the signal cancels it in the worker. */
  private async cancellableCall(
    request: (id: number) => WorkerRequest,
    handlers: Omit<Pending, 'resolve' | 'reject'>,
    signal: AbortSignal | undefined,
  ): Promise<WorkerMessage> {
    await this.ensureLoaded(signal);
    const id = this.nextId++;
    const onAbort = () => this.worker?.send({ type: 'cancel', id });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = this.call(request(id), handlers);
      if (signal?.aborted) onAbort();
      return await reply;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Frees the model in the worker (the worker stays for the next load). */
  async unload(): Promise<void> {
    this.lastLoad = undefined;
    this.loaded = undefined;
    if (!this.worker) return;
    await this.call({ type: 'unload', id: this.nextId++ });
  }

  /** Ends the worker process. Safe to call twice. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.lastLoad = undefined;
    this.loaded = undefined;
    if (!worker) return;
    this.worker = undefined;
    const error = new AppError({ code: 'runtime-disposed', title: 'The model runtime was closed' });
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    const exited = new Promise<void>((resolve) => worker.onExit(() => resolve()));
    worker.kill();
    await exited;
  }
}

/** The parsed request, or the one bad-request error a malformed question gets. */
function validRequest<T>(
  parsed: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } },
): T {
  if (parsed.success) return parsed.data;
  throw new AppError({
    code: 'bad-request',
    title: 'The question is malformed',
    cause: parsed.error.issues[0]?.message,
  });
}
