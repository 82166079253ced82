import { AppError } from '../../../electron/common/appError';
import type { ImageBounds } from '../../reasoning/imageTokens';
import { randomSeed, resolveSampling, type GenerationDefaults } from '../generationDefaults';
import { renderChat, requestMessages, tokenizePrompt } from '../internal/buildPrompt';
import { buildTimings } from '../internal/buildTimings';
import { decodeForks } from '../internal/decodeForks';
import { LetterLogitsRecorder } from '../internal/letterLogits';
import type { LoadedModel } from '../internal/loadModel';
import { TokenTextStream } from '../internal/tokenTextStream';
import {
  EVENT_BATCH_MS,
  type GenerateEvent,
  type GenerateResult,
  type ImageSource,
  type ParsedGenerateRequest,
} from '../protocol';
import { readImages } from './readImages';

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a === b || (a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b));

/** Whether two image sources are the same image: the same object, path, bytes or pixels. */
function sameImage(a: ImageSource, b: ImageSource): boolean {
  if (a === b) return true;
  if ('path' in a) return 'path' in b && a.path === b.path;
  if ('bytes' in a) return 'bytes' in b && sameBytes(a.bytes, b.bytes);
  return (
    'rgb' in b &&
    a.rgb.width === b.rgb.width &&
    a.rgb.height === b.rgb.height &&
    sameBytes(a.rgb.data, b.rgb.data)
  );
}

/** The loaded model's generation_config.json and image processor bounds (runWorker reads them on load). */
export interface ModelDefaults {
  generation: GenerationDefaults;
  images: ImageBounds;
}

export interface ForkPort {
  /** Posts one batch of one fork's events. */
  post(fork: number, events: GenerateEvent[]): void;
  isCancelled(): boolean;
}

/**
 * The worker's side of generate-forks: every request rendered and
 * tokenized, the images (which all requests must share) prepared once,
 * then decodeForks. Events leave batched per fork, in fork order. Each
 * result's timeToFirstTokenMs counts from the start of the call (all forks
 * have their first token after the shared and their own prefills); its
 * totalMs is its own share of the call (the first fork carries the
 * prefills), so the totals add up to the call's time.
 */
export async function generateForks(
  model: LoadedModel,
  requests: ParsedGenerateRequest[],
  port: ForkPort,
  defaults: ModelDefaults,
): Promise<GenerateResult[]> {
  const start = performance.now();
  const rendered = requests.map((r) => renderChat(model.tokenizer, requestMessages(r)));
  const images = rendered[0]?.images ?? [];
  for (const [i, r] of rendered.entries()) {
    if (r.images.length !== images.length || !r.images.every((x, k) => sameImage(x, images[k]!)))
      throw new AppError({
        code: 'bad-request',
        title: 'The requests of one forked generation must share their images',
        cause: `request ${i + 1} has other images than request 1`,
      });
  }
  // One vision encoding for all: the image pixel bounds must agree too.
  const pixels = requests[0]?.imagePixels;
  for (const [i, r] of requests.entries()) {
    if (JSON.stringify(r.imagePixels) !== JSON.stringify(pixels))
      throw new AppError({
        code: 'bad-request',
        title: 'The requests of one forked generation must share their image pixel bounds',
        cause: `request ${i + 1} has other imagePixels than request 1`,
      });
  }
  const prepared = await readImages(model, images, defaults.images, pixels);
  // Each fork its own settings and random stream; forks that name no seed share one drawn
  // seed (as runReasoning passes the first perspective's seed on), so one seed repeats the call.
  const seed = randomSeed();
  const sampling = requests.map((r) =>
    resolveSampling(r.sampling, defaults.generation, () => seed),
  );
  const prompts = rendered.map((r) =>
    tokenizePrompt(model.tokenizer, r.text, prepared?.grids ?? [], model.config.spatialMergeSize),
  );

  const streams = requests.map(() => new TokenTextStream(model.tokenizerJson, model.tokenizer));
  const texts = requests.map(() => '');
  // Per fork, the option letters' logits where the answer letter may be written (answer confidence).
  const letters = requests.map((r) =>
    r.answerLetters
      ? new LetterLogitsRecorder(r.answerLetters, (t) =>
          model.tokenizer.encode(t, { add_special_tokens: false }),
        )
      : undefined,
  );
  let lastPiece = '';
  let lastStart = 0;
  let lastToken: Extract<GenerateEvent, { type: 'token' }> | undefined;
  let batch: GenerateEvent[] = [];
  let batchFork = 0;
  let lastPost = -Infinity;
  const postBatch = () => {
    if (batch.length === 0) return;
    port.post(batchFork, batch);
    batch = [];
    lastPost = performance.now();
  };
  const emitText = (fork: number, piece: string) => {
    if (!piece) return;
    texts[fork] += piece;
    batch.push({ type: 'text', text: piece });
  };
  // Forks decode one after another: a fork's remaining text and its batch leave before the next one's.
  const finishFork = () => {
    emitText(batchFork, streams[batchFork]!.flush());
    postBatch();
  };
  // How the shared images reached the model, with the first fork's events.
  if (prepared) batch.push({ type: 'images', images: prepared.seen });
  let forks;
  try {
    forks = await decodeForks(model, prompts, prepared, {
      maxNewTokens: requests.map((r) => r.maxNewTokens),
      sampling,
      shouldStop: port.isCancelled,
      onToken(fork, tokenId, index) {
        if (fork !== batchFork) {
          finishFork();
          batchFork = fork;
          lastPost = -Infinity; // each fork's first token leaves at once
        }
        lastToken = { type: 'token', index, tokenId, elapsedMs: performance.now() - start };
        batch.push(lastToken);
        lastStart = texts[fork]!.length;
        lastPiece = streams[fork]!.push(tokenId);
        emitText(fork, lastPiece);
      },
      onLogits(fork, row) {
        const recorder = letters[fork];
        const before = recorder?.steps.length ?? 0;
        recorder?.record(lastPiece, lastStart, row);
        // A fork's confidence is known before its result: runReasoning marks it done on switching.
        if (recorder && lastToken && recorder.steps.length > before)
          lastToken.letterLogits = recorder.steps[before];
        if (performance.now() - lastPost >= EVENT_BATCH_MS) postBatch();
      },
    });
    finishFork();
  } finally {
    postBatch();
  }
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  let spanStart = start;
  return forks.results.map((r, i) => {
    const spanEnd = r.decodeEnd;
    const timings = buildTimings({
      loadMs: model.loadMs,
      start: spanStart,
      end: spanEnd,
      firstTokenAt: r.decodeStart,
      lastTokenAt: r.lastTokenAt,
      count: r.tokenIds.length,
    });
    spanStart = spanEnd;
    return {
      text: texts[i]!,
      tokenIds: r.tokenIds,
      finishReason: r.finishReason,
      cancelled: r.finishReason === 'cancelled',
      imageCount: images.length,
      usage: { promptTokens: prompts[i]!.length, completionTokens: r.tokenIds.length },
      timings: { ...timings, timeToFirstTokenMs: (r.readyAt ?? spanEnd) - start },
      peakRssBytes,
      sharedPromptTokens: forks.sharedTokens,
      sampling: sampling[i],
      imageTokens: (prepared?.grids ?? []).map(
        ([t, h, w]) => (t * h * w) / model.config.spatialMergeSize ** 2,
      ),
      ...(letters[i] && { letterLogits: letters[i]!.steps }),
      ...(prepared ? { images: prepared.seen } : {}),
    };
  });
}
