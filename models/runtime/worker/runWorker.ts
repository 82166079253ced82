import { AppError, type AppErrorData } from '../../../electron/common/appError';
import { buildTimings } from '../internal/buildTimings';
import { renderChat, requestMessages, tokenizePrompt } from '../internal/buildPrompt';
import { greedyDecode } from '../internal/greedyDecode';
import { LetterLogitsRecorder } from '../internal/letterLogits';
import { tokenLogprob } from '../internal/tokenLogprob';
import { loadModel, releaseModel, type LoadedModel } from '../internal/loadModel';
import { DEFAULT_IMAGE_BOUNDS } from '../../reasoning/imageTokens';
import { readGenerationDefaults, readImageBounds, resolveSampling } from '../generationDefaults';
import { TokenTextStream } from '../internal/tokenTextStream';
import { generateForks, type ModelDefaults } from './generateForks';
import { readImages } from './readImages';
import {
  EVENT_BATCH_MS,
  workerRequestSchema,
  type GenerateEvent,
  type GenerateResult,
  type ParsedGenerateRequest,
  type WorkerMessage,
} from '../protocol';

/**
 * How the worker talks to its parent. child_process.fork gives
 * process.send / process.on('message'); Electron's utilityProcess gives
 * process.parentPort.postMessage / on('message', e => e.data). startWorker.ts
 * adapts either one to this.
 */
export interface WorkerPort {
  post(message: WorkerMessage): void;
  onMessage(handler: (raw: unknown) => void): () => void;
}

function errorData(error: unknown, fallback: Omit<AppErrorData, 'cause'>): AppErrorData {
  if (error instanceof AppError) return error.toData();
  const cause = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { ...fallback, cause };
}

const notLoaded = () =>
  new AppError({
    code: 'model-not-loaded',
    title: 'No model is loaded',
    suggestion: 'Load a model folder before asking a question.',
  });

/**
 * Serves load / generate / generate-forks / cancel / unload requests on a port, one at a
 * time in arrival order; cancel acts at once (the decode loop checks it
 * after every token). Returns a disposer that stops listening.
 */
export function runWorker(port: WorkerPort): () => void {
  let model: LoadedModel | undefined;
  // The loaded model's generation_config.json and image processor bounds.
  let defaults: ModelDefaults = {
    generation: { doSample: false },
    images: DEFAULT_IMAGE_BOUNDS,
  };
  const cancelled = new Set<number>();
  let queue: Promise<void> = Promise.resolve();

  async function generate(id: number, request: ParsedGenerateRequest): Promise<GenerateResult> {
    if (!model) throw notLoaded();
    const loaded = model;
    const start = performance.now();
    const { text: prompt, images } = renderChat(loaded.tokenizer, requestMessages(request));
    const prepared = await readImages(loaded, images, defaults.images, request.imagePixels);
    const promptIds = tokenizePrompt(
      loaded.tokenizer,
      prompt,
      prepared?.grids ?? [],
      loaded.config.spatialMergeSize,
    );
    const stream = new TokenTextStream(loaded.tokenizerJson, loaded.tokenizer);
    let text = '';
    // Events wait in `batch` and leave as one message: the first token at once (time to first
    // token), then at most every EVENT_BATCH_MS. One IPC message per token cost the worker and
    // the parent CPU time that a decode step on a small machine shares with onnxruntime.
    let batch: GenerateEvent[] = [];
    let lastPost = -Infinity;
    const postBatch = () => {
      if (batch.length === 0) return;
      port.post({ type: 'events', id, events: batch });
      batch = [];
      lastPost = performance.now();
    };
    const emitText = (piece: string) => {
      if (!piece) return;
      text += piece;
      batch.push({ type: 'text', text: piece });
    };
    const sampling = resolveSampling(request.sampling, defaults.generation);
    const letters = request.answerLetters
      ? new LetterLogitsRecorder(request.answerLetters, (t) =>
          loaded.tokenizer.encode(t, { add_special_tokens: false }),
        )
      : undefined;
    const topLogprobs = request.topLogprobs;
    const tokenText = (tokenId: number) =>
      loaded.tokenizer.decode([tokenId], { skip_special_tokens: false });
    // The last token's event, the text it completed, and where that starts in `text`.
    let lastToken: Extract<GenerateEvent, { type: 'token' }> | undefined;
    let lastPiece = '';
    let lastStart = 0;
    if (prepared) batch.push({ type: 'images', images: prepared.seen });
    let decoded;
    try {
      decoded = await greedyDecode(loaded, promptIds, prepared, {
        maxNewTokens: request.maxNewTokens,
        sampling,
        shouldStop: () => cancelled.has(id),
        onToken(tokenId, index) {
          lastToken = { type: 'token', index, tokenId, elapsedMs: performance.now() - start };
          batch.push(lastToken);
          lastStart = text.length;
          lastPiece = stream.push(tokenId);
          emitText(lastPiece);
        },
        // Right after onToken, with the logits that chose it; the batch leaves only after this.
        onLogits(row) {
          letters?.record(lastPiece, lastStart, row);
          if (topLogprobs !== undefined && lastToken)
            lastToken.logprob = tokenLogprob(row, lastToken.tokenId, topLogprobs, tokenText);
          if (performance.now() - lastPost >= EVENT_BATCH_MS) postBatch();
        },
      });
      emitText(stream.flush());
    } finally {
      postBatch();
    }
    const end = performance.now();
    return {
      text,
      tokenIds: decoded.tokenIds,
      finishReason: decoded.finishReason,
      cancelled: decoded.finishReason === 'cancelled',
      imageCount: images.length,
      usage: { promptTokens: promptIds.length, completionTokens: decoded.tokenIds.length },
      timings: buildTimings({
        loadMs: loaded.loadMs,
        start,
        end,
        ...decoded,
        count: decoded.tokenIds.length,
      }),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      sampling,
      imageTokens: (prepared?.grids ?? []).map(
        ([t, h, w]) => (t * h * w) / loaded.config.spatialMergeSize ** 2,
      ),
      ...(letters && { letterLogits: letters.steps }),
      ...(prepared ? { images: prepared.seen } : {}),
    };
  }

  /** Posts a generation's reply, or its error as one the user can read; the request's cancel flag goes either way. */
  async function answer(id: number, reply: () => Promise<WorkerMessage>): Promise<void> {
    try {
      port.post(await reply());
    } catch (error) {
      port.post({
        type: 'error',
        id,
        error: errorData(error, { code: 'generate-failed', title: 'The model could not answer' }),
      });
    } finally {
      cancelled.delete(id);
    }
  }

  async function handle(raw: unknown): Promise<void> {
    const parsed = workerRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id =
        typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number'
          ? raw.id
          : 0;
      port.post({
        type: 'error',
        id,
        error: {
          code: 'bad-request',
          title: 'The model process got a malformed request',
          cause: parsed.error.message,
        },
      });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'load':
        try {
          if (model) await releaseModel(model);
          model = undefined;
          model = await loadModel(message.modelDir, {
            dtype: message.dtype,
            onProgress: (progress) => port.post({ type: 'progress', id: message.id, progress }),
          });
          defaults = {
            generation: readGenerationDefaults(model.dir),
            images: readImageBounds(model.dir),
          };
          const { dir, config, dtype, loadMs } = model;
          port.post({
            type: 'loaded',
            id: message.id,
            info: {
              modelDir: dir,
              modelType: config.modelType,
              dtype,
              layers: config.layers,
              hiddenSize: config.hiddenSize,
              loadMs,
            },
          });
        } catch (error) {
          port.post({
            type: 'error',
            id: message.id,
            error: errorData(error, {
              code: 'model-load-failed',
              title: 'The model could not be loaded',
              suggestion:
                "Run 'mmx model verify <folder>' to list what is wrong with the model folder.",
            }),
          });
        }
        return;
      case 'generate':
        await answer(message.id, async () => ({
          type: 'result',
          id: message.id,
          result: await generate(message.id, message.request),
        }));
        return;
      case 'generate-forks':
        await answer(message.id, async () => {
          if (!model) throw notLoaded();
          const results = await generateForks(
            model,
            message.requests,
            {
              post: (fork, events) => port.post({ type: 'events', id: message.id, fork, events }),
              isCancelled: () => cancelled.has(message.id),
            },
            defaults,
          );
          return { type: 'fork-results', id: message.id, results };
        });
        return;
      case 'unload':
        if (model) await releaseModel(model);
        model = undefined;
        port.post({ type: 'unloaded', id: message.id });
        return;
      case 'cancel':
        return; // handled on arrival, see below
    }
  }

  return port.onMessage((raw) => {
    // A cancel must not wait behind the generation it cancels.
    if (typeof raw === 'object' && raw !== null && 'type' in raw && raw.type === 'cancel') {
      const parsed = workerRequestSchema.safeParse(raw);
      if (parsed.success) cancelled.add(parsed.data.id);
      return;
    }
    queue = queue.then(() => handle(raw));
  });
}
