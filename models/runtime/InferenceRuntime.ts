import type {
  Dtype,
  GenerateEvent,
  GenerateRequest,
  GenerateResult,
  LoadProgress,
} from './protocol';

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
  dtype?: Dtype;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  onEvent?: (event: GenerateEvent) => void;
  /**
   * The routed specialty. A server backend with specialty experts answers
   * with that expert's model (the paper's DSA adapters, served by name);
   * the local runtime has one merged model and ignores it.
   */
  specialty?: string;
}

export interface ForkGenerateOptions extends Omit<GenerateOptions, 'onEvent'> {
  /** Events of request `fork` (its index in the call). */
  onEvent?: (fork: number, event: GenerateEvent) => void;
}

/**
 * What everything above the runtime (reasoning, the ask stream, eval) needs
 * from a model backend. Two kinds implement it: the local ONNX worker
 * (ModelRuntime) and an OpenAI-compatible server (openai/OpenAiRuntime);
 * callers cannot tell them apart.
 */
export interface InferenceRuntime {
  /** Makes `model` (a folder for the local runtime, ignored by a server) ready to answer. */
  load(model: string, options?: LoadOptions): Promise<unknown>;
  /** Streams text events; aborting ends it early with `cancelled: true`. */
  generate(request: GenerateRequest, options?: GenerateOptions): Promise<GenerateResult>;
  /**
   * Requests that share their images and the start of their prompt (the
   * perspectives of one question), answered in order as `generate` would
   * answer each, with the shared part computed once. A backend without it
   * (a server, which caches prefixes itself) gets one generate per request
   * from runReasoning.
   */
  generateForks?(
    requests: GenerateRequest[],
    options?: ForkGenerateOptions,
  ): Promise<GenerateResult[]>;
  unload(): Promise<void>;
  dispose(): Promise<void>;
}
