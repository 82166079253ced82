import { MODEL_MAX_PIXELS } from '../../../electron/common/schemas/ask';
import type { ImagePixels, SamplingSettings } from '../../../electron/common/schemas/generation';
import { HIGH_DETAIL_MIN_PIXELS, LOW_DETAIL_MAX_PIXELS } from '../../reasoning/imageTokens';
import { AppError } from '../../../electron/common/appError';
import { badImageError } from '../badImageError';
import type { GenerateOptions, InferenceRuntime, LoadOptions } from '../InferenceRuntime';
import { requestMessages } from '../internal/buildPrompt';
import { buildTimings } from '../internal/buildTimings';
import {
  generateRequestSchema,
  type FinishReason,
  type GenerateRequest,
  type GenerateResult,
  type LetterLogits,
  type SeenImageGeometry,
} from '../protocol';
import { ReasoningJoiner, type ChatDelta } from './joinReasoning';
import { letterLogprobs, TOP_LOGPROBS, type ChatTokenLogprob } from './letterLogprobs';
import { readSse } from './readSse';
import { modelForSpecialty, serverHost, type ServerConfig } from './serverConfig';
import { connectError, httpError, redact, serverMessage } from './serverErrors';
import { toOpenAiMessages } from './toOpenAiMessages';

export interface OpenAiRuntimeOptions {
  /** Until the server answers with headers. */
  connectTimeoutMs?: number;
  /** From the headers until the first generated text (prefill of several images on a big model takes a while). */
  firstTokenTimeoutMs?: number;
}

interface ChunkJson {
  choices?: {
    delta?: ChatDelta;
    finish_reason?: string | null;
    logprobs?: { content?: ChatTokenLogprob[] | null } | null;
  }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
}

/** Why the request's controller was aborted, when it was not the caller. */
type Timeout = { kind: 'connect' | 'first-token'; ms: number };

/**
 * The sampling fields of a chat completion: temperature, top_p and seed are
 * OpenAI's; top_k and repetition_penalty are extra fields vLLM, SGLang and
 * llama.cpp read (vLLM's SamplingParams). top_k -1 is "off" for all three.
 */
function samplingBody(s: SamplingSettings): Record<string, number> {
  return {
    ...(s.temperature !== undefined && { temperature: s.temperature }),
    ...(s.topP !== undefined && { top_p: s.topP }),
    ...(s.topK !== undefined && { top_k: s.topK === 0 ? -1 : s.topK }),
    ...(s.repetitionPenalty !== undefined && { repetition_penalty: s.repetitionPenalty }),
    ...(s.seed !== undefined && { seed: s.seed }),
  };
}

/**
 * The image processor's bounds for a server that runs Qwen2-VL's processor:
 * vLLM takes them per request as mm_processor_kwargs. A detail level without
 * the model's own bounds (unknown here) sends only the side it changes.
 */
function imagePixelsBody(pixels: ImagePixels | undefined): Record<string, unknown> {
  if (!pixels) return {};
  const level =
    pixels.detail === 'low'
      ? { max_pixels: LOW_DETAIL_MAX_PIXELS }
      : pixels.detail === 'high'
        ? { min_pixels: HIGH_DETAIL_MIN_PIXELS, max_pixels: MODEL_MAX_PIXELS }
        : {};
  const kwargs = {
    ...level,
    ...(pixels.minPixels !== undefined && { min_pixels: pixels.minPixels }),
    ...(pixels.maxPixels !== undefined && { max_pixels: pixels.maxPixels }),
  };
  return Object.keys(kwargs).length > 0 ? { mm_processor_kwargs: kwargs } : {};
}

/**
 * The model runs on an OpenAI-compatible server (vLLM, SGLang, llama.cpp,
 * Ollama, LM Studio): `POST {base}/chat/completions`, streamed as
 * Server-Sent Events. Images go as PNG data URLs of exactly the pixels the
 * local runtime would get. Reasoning may arrive inline as <think>, or in
 * `reasoning_content` / `reasoning`; it reaches onEvent as one text.
 * Everything above (reasoning, panel, export, eval) cannot tell this from
 * the local ModelRuntime.
 */
export class OpenAiRuntime implements InferenceRuntime {
  private readonly connectTimeoutMs: number;
  private readonly firstTokenTimeoutMs: number;
  private readonly base: string;
  private readonly host: string;
  /** Set once the server refused a request with logprobs and took it without: ask no more. */
  private logprobsRefused = false;

  constructor(
    readonly config: ServerConfig,
    { connectTimeoutMs = 15_000, firstTokenTimeoutMs = 300_000 }: OpenAiRuntimeOptions = {},
  ) {
    this.connectTimeoutMs = connectTimeoutMs;
    this.firstTokenTimeoutMs = firstTokenTimeoutMs;
    this.base = config.baseUrl.replace(/\/+$/, '');
    this.host = serverHost(config.baseUrl);
  }

  /** Nothing to load: the server holds the model. No request is made before the first question. */
  async load(_model: string, { signal, onProgress }: LoadOptions = {}): Promise<{ model: string }> {
    signal?.throwIfAborted();
    onProgress?.({ stage: 'ready', fraction: 1 });
    return { model: this.config.model };
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    return headers;
  }

  /** The model names the server lists at GET {base}/models; undefined when it cannot be read. */
  async listModels(signal?: AbortSignal): Promise<string[] | undefined> {
    try {
      const response = await fetch(`${this.base}/models`, {
        headers: this.headers(),
        signal: signal ?? AbortSignal.timeout(this.connectTimeoutMs),
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { data?: { id?: unknown }[] };
      return (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : []));
    } catch {
      return undefined;
    }
  }

  private fail(error: AppError): AppError {
    const key = this.config.apiKey;
    return new AppError({
      code: error.code,
      title: redact(error.title, key),
      cause: error.detail === undefined ? undefined : redact(error.detail, key),
      suggestion: error.suggestion,
    });
  }

  async generate(
    request: GenerateRequest,
    { signal, onEvent, specialty }: GenerateOptions = {},
  ): Promise<GenerateResult> {
    const parsed = generateRequestSchema.safeParse(request);
    if (!parsed.success) {
      throw new AppError({
        code: 'bad-request',
        title: 'The question is malformed',
        cause: parsed.error.issues[0]?.message,
      });
    }
    const start = performance.now();
    const model = modelForSpecialty(this.config, specialty);
    const chat = requestMessages(parsed.data);
    let messages;
    let images;
    try {
      ({ messages, images } = await toOpenAiMessages(chat));
    } catch (error) {
      throw badImageError(error);
    }
    // The request's sampling over the server settings' temperature and top-p.
    const sampling = {
      ...(this.config.temperature !== undefined && { temperature: this.config.temperature }),
      ...(this.config.topP !== undefined && { topP: this.config.topP }),
      ...parsed.data.sampling,
    };
    // How many images went, and how (the sent size stands in for what the server's processor saw).
    const sent = { imageCount: images.length, images };
    const body = {
      model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: parsed.data.maxNewTokens,
      ...samplingBody(sampling),
      ...imagePixelsBody(parsed.data.imagePixels),
    };

    // A multiple-choice question asks for log-probabilities (answer confidence). Not every
    // server takes the fields; one that refuses them gets the request again without.
    const letters = parsed.data.answerLetters
      ? [...new Set(parsed.data.answerLetters.toUpperCase())]
      : undefined;
    let withLogprobs = letters !== undefined && !this.logprobsRefused;
    const letterLogits: LetterLogits[] = [];

    const controller = new AbortController();
    let timedOut: Timeout | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (kind: Timeout['kind'], ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = { kind, ms };
        controller.abort();
      }, ms);
    };
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();

    let text = '';
    let completionChunks = 0;
    let firstTokenAt: number | undefined;
    let lastTokenAt: number | undefined;
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let finishReason: FinishReason | undefined;
    let sawDone = false;
    const joiner = new ReasoningJoiner();
    const emit = (piece: string) => {
      if (!piece) return;
      const now = performance.now();
      if (firstTokenAt === undefined) {
        firstTokenAt = now;
        clearTimeout(timer);
      }
      lastTokenAt = now;
      text += piece;
      onEvent?.({ type: 'text', text: piece });
    };

    try {
      arm('connect', this.connectTimeoutMs);
      let response: Response;
      for (;;) {
        try {
          response = await fetch(`${this.base}/chat/completions`, {
            method: 'POST',
            headers: this.headers(),
            body: JSON.stringify(
              withLogprobs ? { ...body, logprobs: true, top_logprobs: TOP_LOGPROBS } : body,
            ),
            signal: controller.signal,
          });
        } catch (error) {
          if (signal?.aborted) return this.cancelled({ start, ...sent, model, sampling });
          if (timedOut) throw this.timeoutError(timedOut);
          throw connectError(error, this.host);
        }
        if (!withLogprobs || (response.status !== 400 && response.status !== 422)) break;
        await response.body?.cancel().catch(() => undefined);
        withLogprobs = false;
        this.logprobsRefused = true;
        arm('connect', this.connectTimeoutMs);
      }
      // The refusal was about logprobs only if the plain request goes through.
      if (!response.ok) this.logprobsRefused = false;
      if (!response.ok) {
        clearTimeout(timer);
        const message = serverMessage(await response.text().catch(() => ''));
        const models = response.status === 404 ? await this.listModels() : undefined;
        throw httpError(response.status, message, { host: this.host, model, models });
      }
      if (!response.body) throw this.streamError('the answer has no body');
      arm('first-token', this.firstTokenTimeoutMs);
      // What the stream has given so far, for the result whether it finishes or is stopped.
      const soFar = () => ({
        start,
        ...sent,
        model,
        text,
        usage,
        firstTokenAt,
        lastTokenAt,
        sampling,
      });
      // A stop during or right after the stream: what came so far, closed, as a cancelled run.
      const cancelledMidStream = () => {
        emit(joiner.end());
        return this.cancelled(soFar());
      };
      try {
        for await (const data of readSse(response.body)) {
          if (data === '[DONE]') {
            sawDone = true;
            break;
          }
          let chunk: ChunkJson;
          try {
            chunk = JSON.parse(data) as ChunkJson;
          } catch {
            throw this.streamError(`a chunk is not JSON: ${data.slice(0, 80)}`);
          }
          if (chunk.error !== undefined) {
            throw new AppError({
              code: 'server-failed',
              title: `The model server ${this.host} failed mid-answer`,
              cause: serverMessage(JSON.stringify({ error: chunk.error })),
            });
          }
          if (chunk.usage) usage = chunk.usage;
          for (const choice of chunk.choices ?? []) {
            if (choice.delta) {
              const piece = joiner.push(choice.delta);
              const content = choice.delta.content ?? '';
              const entries = choice.logprobs?.content;
              if (letters && content && entries) {
                // The content is the end of the piece (the joiner may close <think> before it).
                const at = text.length + piece.length - content.length;
                letterLogits.push(...letterLogprobs(entries, content, at, letters));
              }
              if (piece) completionChunks++;
              emit(piece);
            }
            if (choice.finish_reason)
              finishReason = choice.finish_reason === 'length' ? 'length' : 'eos';
          }
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (signal?.aborted) return cancelledMidStream();
        if (timedOut) throw this.timeoutError(timedOut);
        throw this.streamError((error as Error).message);
      }
      if (signal?.aborted) return cancelledMidStream();
      if (!sawDone)
        throw this.streamError('the stream ended before [DONE]; the answer may be cut off');
      emit(joiner.end());
      return this.result({
        ...soFar(),
        finishReason: finishReason ?? 'eos',
        completionChunks,
        ...(letters && { letterLogits }),
      });
    } catch (error) {
      throw error instanceof AppError ? this.fail(error) : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  private cancelled(
    run: Omit<Parameters<OpenAiRuntime['result']>[0], 'finishReason' | 'completionChunks'>,
  ): GenerateResult {
    return this.result({ ...run, finishReason: 'cancelled' });
  }

  /** The result of one request, finished or cancelled; usage from the server, else counted chunks. */
  private result({
    start,
    imageCount,
    images,
    model,
    text = '',
    usage,
    firstTokenAt,
    lastTokenAt,
    finishReason,
    completionChunks = 0,
    sampling = {},
    letterLogits,
  }: {
    start: number;
    imageCount: number;
    images?: SeenImageGeometry[];
    model: string;
    text?: string;
    usage?: { prompt_tokens?: number; completion_tokens?: number };
    firstTokenAt?: number;
    lastTokenAt?: number;
    finishReason: GenerateResult['finishReason'];
    completionChunks?: number;
    /** What was sent of the sampling settings. */
    sampling?: SamplingSettings;
    letterLogits?: LetterLogits[];
  }): GenerateResult {
    const end = performance.now();
    const completionTokens = usage?.completion_tokens ?? completionChunks;
    return {
      text,
      tokenIds: [],
      finishReason,
      cancelled: finishReason === 'cancelled',
      imageCount,
      usage: { promptTokens: usage?.prompt_tokens ?? 0, completionTokens },
      timings: buildTimings({
        loadMs: 0,
        start,
        end,
        firstTokenAt,
        lastTokenAt,
        count: completionTokens,
      }),
      peakRssBytes: 0,
      model,
      sampling: {
        ...(sampling.temperature !== undefined && {
          decoding: sampling.temperature === 0 ? 'greedy' : 'sampling',
        }),
        ...sampling,
      },
      ...(letterLogits && { letterLogits }),
      ...(images && images.length > 0 ? { images } : {}),
    };
  }

  private timeoutError({ kind, ms }: Timeout): AppError {
    const seconds = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
    return new AppError({
      code: 'server-timeout',
      title:
        kind === 'connect'
          ? `The model server ${this.host} did not answer within ${seconds}`
          : `The model server ${this.host} sent no text within ${seconds}`,
      suggestion:
        kind === 'connect'
          ? 'Check that the server is running and reachable.'
          : 'The server may be overloaded or the prompt very long; try again.',
    });
  }

  private streamError(cause: string): AppError {
    return new AppError({
      code: 'server-stream-broken',
      title: `The model server ${this.host} broke off its answer`,
      cause,
    });
  }

  async unload(): Promise<void> {}

  async dispose(): Promise<void> {}
}
