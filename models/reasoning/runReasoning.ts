import { createGuidelineIndex, type GuidelineIndex } from '../guidelines/guidelineIndex';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import type { InferenceRuntime } from '../runtime/InferenceRuntime';
import type {
  ChatMessage,
  GenerateResult,
  ImageSource,
  LetterLogits,
  Timings,
  Usage,
} from '../runtime/protocol';
import type { Affine } from '../../electron/common/schemas/regions';
import { buildPrompt } from './buildPrompt';
import { imageGeometry } from './imageGeometry';
import type { ImageGeometry } from './mapRegions';
import { mapRegions } from './mapRegions';
import {
  guidelineNames,
  linkStep,
  questionGuidelineBoost,
  type LinkOptions,
} from './linkCitations';
import { questionContext } from './citationJudge';
import { PERSPECTIVES } from './perspectives';
import { reasonFromText, reasoningOutput } from './reasonFromText';
import type {
  Perspective,
  PerspectiveChoice,
  PerspectiveResult,
  ReasoningAnswer,
  ReasoningOutput,
  ReasoningStep,
  SpecialtyRouting,
} from '../../electron/common/schemas/reasoning';
import type { ImagePixels, SamplingSettings } from '../../electron/common/schemas/generation';
import { routeSpecialty, type RoutingInput } from './routeSpecialty';
import { createStepContext, type StepContext } from './stepContext';
import { StepParser } from './stepParser';

/** What a reasoning run streams while it works (the UI's ask events). */
export type ReasoningEvent =
  | {
      type: 'status';
      phase: 'loading' | 'generating';
      message: string;
      perspective: Perspective | null;
      /** While loading: how much of the model is loaded, 0..1. */
      fraction?: number;
    }
  | { type: 'routing'; routing: SpecialtyRouting }
  | { type: 'text'; perspective: Perspective | null; delta: string }
  | { type: 'step'; step: ReasoningStep }
  | { type: 'answer'; perspective: Perspective | null; answer: ReasoningAnswer }
  | { type: 'perspective-done'; result: PerspectiveResult };

export interface ReasoningRequest {
  question: string;
  images: ImageSource[];
  /** DICOM attributes and age for specialty routing (never logged). */
  routing: Omit<RoutingInput, 'question' | 'override'>;
  /** 'auto' (or undefined) routes automatically. */
  specialty?: string;
  perspective: PerspectiveChoice;
  options?: Record<string, string>;
  /** Tags the user chose to share with the model; quoted as data in the prompt. */
  dicomTags?: Record<string, string>;
  /** Earlier questions and final answers about the same images (a follow-up), oldest first. */
  history?: { question: string; answer: string }[];
  /**
   * Where each image came from, when the caller rendered it (the viewer's
   * capture): the map from the sent pixels to the source frame's pixels
   * (modelPixels' toSource) and the frame. Absent: the pixels are the source.
   */
  imageOrigins?: ({ toSource: Affine; frame: number } | null)[];
}

export interface ReasoningRun extends ReasoningOutput {
  texts: { perspective: Perspective; text: string }[];
  results: GenerateResult[];
  usage: Usage;
  timings: Timings;
  cancelled: boolean;
  /** The served model(s) that answered, in order (server backends); empty for the local runtime. */
  answeredBy: string[];
  /** How each image reached the model (its regions' mapping); `modelSize` is what it saw. */
  images: (ImageGeometry | null)[];
}

export interface ReasoningPlan {
  routing: SpecialtyRouting;
  index: GuidelineIndex;
  perspectives: Perspective[];
  /** Option letters the answer may name (A–E by default). */
  letters?: string;
  /** The chat messages of one perspective, images at their placeholders in order. */
  messages(perspective: Perspective): ChatMessage[];
  /**
   * Citations of one step: the model's own ids checked, then guideline search.
   * `context` holds the chain's earlier steps (one per perspective's output, in step order).
   */
  link(text: string, context?: StepContext): ReturnType<typeof linkStep>;
  /** What every step of this question is linked with (the routed prior, the question's guidelines). */
  linkOptions: LinkOptions;
  /** How each image reached the model, given what the runtime says it saw (GenerateResult.images). */
  images(seen: GenerateResult['images']): (ImageGeometry | null)[];
  /**
   * One perspective's output parsed and linked; with the runtime's letter logits its answer
   * confidence, with `images` each step's regions.
   */
  result(
    text: string,
    perspective: Perspective,
    letterLogits?: readonly LetterLogits[],
    images?: readonly (ImageGeometry | null)[],
  ): PerspectiveResult;
  /** The reasoning JSON from one output per perspective. */
  output(
    texts: readonly {
      perspective: Perspective;
      text: string;
      letterLogits?: readonly LetterLogits[];
    }[],
    images?: readonly (ImageGeometry | null)[],
  ): ReasoningOutput;
}

/**
 * Routes the question to a specialty, picks the guideline packs that serve
 * it and builds one prompt per perspective. Pure: no model involved.
 */
export function planReasoning(
  packs: readonly GuidelinePack[],
  request: ReasoningRequest,
): ReasoningPlan {
  const routing = routeSpecialty({
    ...request.routing,
    question: request.question,
    override: request.specialty === 'auto' ? undefined : request.specialty,
  });
  if (!packs.some((p) => p.specialties.includes(routing.specialty))) {
    const known = [...new Set(packs.flatMap((p) => p.specialties))].join(', ');
    throw new Error(
      `planReasoning: no guideline pack serves the specialty '${routing.specialty}'; known: ${known}`,
    );
  }
  // Search covers every loaded pack; the routed specialty is only a prior, so a
  // wrong routing (an anonymised age, a wrong manual choice) cannot hide the
  // right guideline.
  const index = createGuidelineIndex(packs);
  const citedIndex = index;
  const prior = routing.specialty;
  const guidelineBoost = questionGuidelineBoost(index, request.question, prior);
  const question = questionContext(index, request.question, request.options, guidelineNames(index));
  const linkOptions: LinkOptions = { citedIndex, prior, guidelineBoost, question };
  // The passages nearest the question are shown to the model so it can cite them by id.
  const passages = index.search(request.question, { limit: 3, minSupport: 0.2, prior });
  const letters = request.options ? Object.keys(request.options).join('') : undefined;
  return {
    routing,
    index,
    perspectives: request.perspective === 'all' ? [...PERSPECTIVES] : [request.perspective],
    letters,
    messages: (perspective) => promptMessages(request, routing.specialty, perspective, passages),
    link: (text, context) => linkStep(index, text, { ...linkOptions, context }),
    linkOptions,
    images: (seen) => imageGeometry(request.images, seen, request.imageOrigins),
    result: (text, perspective, letterLogits, images) =>
      reasonFromText(text, {
        index,
        ...linkOptions,
        perspective,
        letters,
        letterLogits,
        images,
      }),
    output: (texts, images) =>
      reasoningOutput(texts, {
        index,
        ...linkOptions,
        images,
        specialty: routing.specialty,
        routing,
        choices: request.options,
        letters,
      }),
  };
}

/** Generated tokens per perspective when the request names no limit. */
export const DEFAULT_MAX_NEW_TOKENS = 1024;

/**
 * One planned question, start to finish: ask the model once per
 * perspective, and stream steps with their citations as the text arrives.
 * Shared by `mmx ask` and the app's ask stream.
 */
export async function runReasoning(
  runtime: InferenceRuntime,
  plan: ReasoningPlan,
  {
    modelDir,
    maxNewTokens = DEFAULT_MAX_NEW_TOKENS,
    sampling,
    imagePixels,
  }: {
    /** What runtime.load() gets: the local model folder (a server backend ignores it). */
    modelDir: string;
    maxNewTokens?: number;
    /** Temperature, top-p, top-k, repetition penalty, seed; the model's defaults fill the rest. */
    sampling?: SamplingSettings;
    /** The image processor's pixel bounds (detail level, min/max pixels). */
    imagePixels?: ImagePixels;
  },
  {
    signal,
    onEvent = () => undefined,
  }: { signal?: AbortSignal; onEvent?: (event: ReasoningEvent) => void } = {},
): Promise<ReasoningRun> {
  const { routing, perspectives } = plan;
  onEvent({ type: 'routing', routing });

  onEvent({
    type: 'status',
    phase: 'loading',
    message: 'Loading the model…',
    perspective: null,
    fraction: 0,
  });
  await runtime.load(modelDir, {
    signal,
    onProgress: (progress) =>
      onEvent({
        type: 'status',
        phase: 'loading',
        message: loadMessage(progress.stage, progress.fraction),
        perspective: null,
        fraction: progress.fraction,
      }),
  });

  const texts: ReasoningRun['texts'] = [];
  const results: GenerateResult[] = [];
  // Until the runtime says how it resized the images, the sent sizes stand in:
  // exact for Qwen2-VL's 0–1000 grid, so streamed steps carry those boxes at
  // once; pixel boxes (Qwen2.5-VL) wait until the runtime says (its `images` event or result).
  const view = { images: plan.images(undefined), seenByRuntime: false };
  const saw = ({ images }: { images?: GenerateResult['images'] }) => {
    if (!images) return;
    view.images = plan.images(images);
    view.seenByRuntime = true;
  };
  const streams = perspectives.map((perspective) =>
    perspectiveStream(plan, perspective, onEvent, view),
  );
  const done = (i: number, result: GenerateResult) => {
    saw(result);
    streams[i]!.end(result.text, letterLogitsOf(result, plan), view.images);
    results.push(result);
    texts.push({ perspective: perspectives[i]!, text: result.text });
  };
  const options = { signal, specialty: routing.specialty };
  // A multiple-choice question asks the runtime for the option letters' logits (confidence).
  let generation = {
    maxNewTokens,
    ...(plan.letters && { answerLetters: plan.letters }),
    ...(sampling && { sampling }),
    ...(imagePixels && { imagePixels }),
  };
  if (perspectives.length > 1 && runtime.generateForks && !signal?.aborted) {
    // One call for all perspectives: their prompts share the images and everything before the
    // perspective instruction, which the local runtime prefills once. The answers still stream
    // one perspective after another.
    const requests = perspectives.map((p) => ({ messages: plan.messages(p), ...generation }));
    let current = 0;
    const streamed = perspectives.map(() => '');
    // A fork's letter logits ride on its token events, so it is done when the next fork starts.
    const letterLogits = perspectives.map((): LetterLogits[] => []);
    streams[0]!.start();
    const forks = await runtime.generateForks(requests, {
      ...options,
      onEvent(fork, event) {
        for (; current < fork; current++) {
          streams[current]!.end(
            streamed[current]!,
            plan.letters ? letterLogits[current] : undefined,
            view.images,
          );
          streams[current + 1]!.start();
        }
        if (event.type === 'images') saw(event);
        if (event.type === 'token' && event.letterLogits)
          letterLogits[fork]!.push(event.letterLogits);
        if (event.type !== 'text') return;
        streamed[fork] += event.text;
        streams[fork]!.text(event.text);
      },
    });
    for (const [i, result] of forks.entries()) {
      if (i > current) {
        // A fork that never streamed: empty and cancelled after a stop, as if never asked.
        if (result.cancelled && result.tokenIds.length === 0) break;
        streams[i]!.start();
      }
      if (i >= current) done(i, result);
      else {
        saw(result);
        results.push(result);
        texts.push({ perspective: perspectives[i]!, text: result.text });
      }
      if (result.cancelled) break;
    }
  } else {
    for (const [i, stream] of streams.entries()) {
      if (signal?.aborted) break;
      stream.start();
      const result = await runtime.generate(
        { messages: plan.messages(perspectives[i]!), ...generation },
        {
          ...options,
          onEvent: (event) => {
            if (event.type === 'images') saw(event);
            if (event.type === 'text') stream.text(event.text);
          },
        },
      );
      done(i, result);
      if (result.cancelled) break;
      // A seed the runtime chose for the first perspective serves the others too: one seed repeats the run.
      if (generation.sampling?.seed === undefined && result.sampling?.seed !== undefined)
        generation = {
          ...generation,
          sampling: { ...generation.sampling, seed: result.sampling.seed },
        };
    }
  }

  const output = plan.output(
    texts.map((t, i) => ({ ...t, letterLogits: letterLogitsOf(results[i]!, plan) })),
    view.images,
  );
  const first = results[0];
  const sum = (f: (r: GenerateResult) => number) => results.reduce((total, r) => total + f(r), 0);
  return {
    ...output,
    texts,
    results,
    usage: {
      promptTokens: sum((r) => r.usage.promptTokens),
      completionTokens: sum((r) => r.usage.completionTokens),
    },
    timings: first
      ? { ...first.timings, totalMs: sum((r) => r.timings.totalMs) }
      : { loadMs: 0, timeToFirstTokenMs: 0, tokensPerSecond: 0, totalMs: 0 },
    cancelled: signal?.aborted === true || results.some((r) => r.cancelled),
    answeredBy: [...new Set(results.flatMap((r) => (r.model ? [r.model] : [])))],
    images: view.images,
  };
}

/** One perspective's events: its status, its text as steps with citations and regions, its answer, its end. */
function perspectiveStream(
  plan: ReasoningPlan,
  perspective: Perspective,
  onEvent: (event: ReasoningEvent) => void,
  view: { images: (ImageGeometry | null)[]; seenByRuntime: boolean },
) {
  const parser = new StepParser({ letters: plan.letters });
  // The streamed steps are linked in the chain's order, as reasonFromText links the whole text.
  const context = createStepContext();
  const forward = (events: ReturnType<StepParser['push']>) => {
    for (const event of events) {
      if (event.type === 'step') {
        const step = {
          perspective,
          index: event.step.index,
          label: event.step.label,
          text: event.step.text,
        };
        const marks = view.seenByRuntime
          ? event.step.marks
          : event.step.marks?.filter((m) => m.space === 'grid-1000');
        const regions = mapRegions(marks, view.images);
        onEvent({ type: 'step', step: { ...step, ...plan.link(step.text, context), regions } });
      } else if (event.type === 'answer' && event.answer) {
        onEvent({ type: 'answer', perspective, answer: event.answer });
      }
    }
  };
  return {
    start() {
      onEvent({
        type: 'status',
        phase: 'generating',
        message: `Reasoning (${perspective})…`,
        perspective,
      });
    },
    text(delta: string) {
      onEvent({ type: 'text', perspective, delta });
      forward(parser.push(delta));
    },
    end(
      text: string,
      letterLogits: ReturnType<typeof letterLogitsOf>,
      images: readonly (ImageGeometry | null)[] | undefined,
    ) {
      forward(parser.end().events);
      onEvent({
        type: 'perspective-done',
        result: plan.result(text, perspective, letterLogits, images),
      });
    },
  };
}

/** A multiple-choice run's letter logits; [] when the backend reported none (confidence null), undefined otherwise. */
function letterLogitsOf(result: GenerateResult, plan: ReasoningPlan) {
  return plan.letters ? (result.letterLogits ?? []) : undefined;
}

/** The model's three ONNX sessions, in the order the worker loads them (docs/MODEL-CONTRACT.md). */
const SESSIONS: Record<string, [number, string]> = {
  embed_tokens: [1, 'token embeddings'],
  vision_encoder: [2, 'vision encoder'],
  decoder_model_merged: [3, 'decoder'],
};

/** "Loading the model: session 2 of 3 (vision encoder) · 20 %", or the step before the sessions. */
export function loadMessage(stage: string, fraction: number): string {
  const percent = `${Math.round(fraction * 100)} %`;
  const session = SESSIONS[stage];
  if (session) return `Loading the model: session ${session[0]} of 3 (${session[1]}) · ${percent}`;
  if (stage === 'ready') return 'Model loaded';
  return `Loading the model: ${stage} · ${percent}`;
}

/** The prompt of one perspective, with the request's images at their placeholders in order. */
function promptMessages(
  request: ReasoningRequest,
  specialty: string,
  perspective: Perspective,
  passages: Parameters<typeof buildPrompt>[0]['passages'],
): ChatMessage[] {
  let next = 0;
  return buildPrompt({
    specialty,
    perspective,
    question: request.question,
    options: request.options,
    imageCount: request.images.length,
    dicomTags: request.dicomTags,
    passages,
    history: request.history,
  }).map((m) => ({
    role: m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((c) =>
            c.type === 'text' ? c : { type: 'image' as const, image: request.images[next++]! },
          ),
  }));
}
