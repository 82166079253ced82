import type { CheckCalculator, CheckEdits } from '../../../../models/reasoning/runGuidelineChecks';
import type { StateCreator } from 'zustand';
import {
  MAX_ASK_IMAGES,
  optionLetterSchema,
  type OptionLetter,
  type AskEvent,
  type AskImage,
  type AskResult,
  type StudyContext,
} from '../../../../electron/common/schemas/ask';
import type { AskSaveTo } from '../../../../electron/common/schemas/cases';
import type { PassageView } from '../../../../electron/common/schemas/guidelines';
import type {
  Citation,
  Perspective,
  PerspectiveChoice,
  AnswerProbabilities,
  ReasoningAnswer,
  ReasoningStep,
  SpecialtyRouting,
} from '../../../../electron/common/schemas/reasoning';
import type { SeenImage } from '../../../../models/dicom/sr/buildReasoningSr';
import { AppError } from '../../../../electron/common/appError';
import { api } from '../../bridge/api';
import type { ModelServerSlice } from '../models/modelServerSlice';
import { parseSamplingText, type GenerationSlice } from './generationSlice';
import { describeError, type ErrorView } from '../../ui/describeError';

/** What one perspective has produced so far. */
export interface PerspectiveRun {
  key: string;
  perspective: Perspective | null;
  text: string;
  steps: ReasoningStep[];
  answer: ReasoningAnswer | null;
  /** The answer's confidence per option letter, once the perspective is done (null: none). */
  answerProbabilities?: AnswerProbabilities | null;
  unplaced: string[];
  done: boolean;
}

/** The panel's view of one question while it runs and after (models/reasoning's ReasoningRun is the finished result). */
export interface RunState {
  id: number;
  question: string;
  status: 'running' | 'done' | 'cancelled' | 'error';
  message?: string;
  /** How much of the model is loaded while it loads (0..1); gone once it generates. */
  loadFraction?: number;
  routing?: SpecialtyRouting;
  perspectives: PerspectiveRun[];
  images: AskImage[];
  /** Where each image came from (DICOM object and frame, or null), for the reasoning SR. */
  imageSources?: SeenImage[];
  /** The multiple-choice options asked with the question, by letter (the answer line shows the chosen one's text). */
  options?: Partial<Record<ChoiceLetter, string>>;
  result?: AskResult;
  error?: ErrorView;
  /** Guideline-check inputs the user corrected, per perspective key and calculator (they override what the steps say). */
  checkInputs?: Record<string, CheckEdits>;
}

export interface ReasoningSlice {
  question: string;
  specialtyChoice: string;
  perspectiveChoice: PerspectiveChoice;
  /** Upper bound on generated tokens per perspective. */
  maxNewTokens: number;
  /** Multiple-choice options A–E; empty ones are left out of the question. */
  choices: Record<ChoiceLetter, string>;
  setChoice(letter: ChoiceLetter, text: string): void;
  /** Corrects one input of the current run's guideline check (undefined: back to what the steps say). */
  setCheckInput(
    perspectiveKey: string,
    calculator: CheckCalculator,
    key: string,
    value: string | undefined,
  ): void;
  run?: RunState;
  activeTab?: string;
  citation?: {
    view?: PassageView;
    error?: ErrorView;
    loading: boolean;
    ref: { guideline: string; passage: string };
    /** Where the drawer was opened from: the step's citation (its score and who chose it) and the step. */
    from?: CitationOrigin;
  };
  /** Frames sent with the next question ("Send to model"), in prompt order. */
  attachments: AskImage[];
  /** The source of each attachment (same order), null for an ordinary image. */
  attachmentSources: SeenImage[];
  /** Why the last "Send to model" added nothing (a duplicate, or the limit reached). */
  attachNotice?: string;
  /** Adds a frame unless the same pixels are already attached or the limit is reached; says why not. */
  attach(image: AskImage, source?: SeenImage): void;
  detach(index: number): void;
  setQuestion(question: string): void;
  setSpecialtyChoice(specialty: string): void;
  setPerspectiveChoice(perspective: PerspectiveChoice): void;
  setMaxNewTokens(tokens: number): void;
  setActiveTab(key: string): void;
  /**
   * Runs the question. `sources` say where each image came from (for the
   * reasoning SR); `saveTo` saves the run to a case (the back end keeps the
   * images as sent).
   */
  ask(
    images: AskImage[],
    context?: StudyContext,
    extra?: { sources?: SeenImage[]; saveTo?: AskSaveTo },
  ): Promise<void>;
  stop(): void;
  /** Bumped by File › Save Reasoning as DICOM SR…; the reasoning panel saves when it changes. */
  srSaveRequest: number;
  requestSrSave(): void;
  openCitation(guideline: string, passage: string, from?: CitationOrigin): Promise<void>;
  closeCitation(): void;
}

/** A citation chip of a step: the citation as linked and the step's key (see stepKey). */
export interface CitationOrigin {
  citation: Citation;
  step: string;
}

/** Identifies a step within a run (perspective and number). */
export const stepKey = (step: Pick<ReasoningStep, 'perspective' | 'index'>) =>
  `${step.perspective ?? 'single'}-${step.index}`;

export const perspectiveKey = (perspective: Perspective | null) => perspective ?? 'single';

export const CHOICE_LETTERS = optionLetterSchema.options;
export type ChoiceLetter = OptionLetter;

let runCounter = 0;
// Ask events are applied to the store at most this often, so a fast stream re-renders ~20×/s, not per token.
const STORE_FLUSH_MS = 50;
let controller: AbortController | undefined;

function applyEvent(run: RunState, event: AskEvent): RunState {
  if (event.type === 'status')
    return {
      ...run,
      message: event.message,
      loadFraction: event.phase === 'loading' ? event.fraction : undefined,
    };
  if (event.type === 'routing') return { ...run, routing: event.routing };
  const perspective =
    event.type === 'step'
      ? event.step.perspective
      : event.type === 'perspective-done'
        ? event.result.perspective
        : event.perspective;
  const key = perspectiveKey(perspective);
  const existing = run.perspectives.find((p) => p.key === key);
  const current: PerspectiveRun = existing ?? {
    key,
    perspective,
    text: '',
    steps: [],
    answer: null,
    unplaced: [],
    done: false,
  };
  let next: PerspectiveRun;
  if (event.type === 'text') next = { ...current, text: current.text + event.delta };
  else if (event.type === 'step') next = { ...current, steps: [...current.steps, event.step] };
  else if (event.type === 'answer') next = { ...current, answer: event.answer };
  else
    next = {
      ...current,
      steps: event.result.steps,
      answer: event.result.answer,
      answerProbabilities: event.result.answerProbabilities,
      unplaced: event.result.unplaced,
      done: true,
    };
  const perspectives = existing
    ? run.perspectives.map((p) => (p.key === key ? next : p))
    : [...run.perspectives, next];
  return { ...run, perspectives };
}

export const createReasoningSlice: StateCreator<
  ReasoningSlice & ModelServerSlice & GenerationSlice,
  [],
  [],
  ReasoningSlice
> = (set, get) => ({
  question: '',
  attachments: [],
  attachmentSources: [],
  attach: (image, source = null) => {
    const { attachments, attachmentSources } = get();
    const key = attachmentKey(image);
    const same = attachments.findIndex((a) => attachmentKey(a) === key);
    if (same >= 0)
      set({
        attachNotice: `This view is already attached as image ${same + 1}; change the frame, window or image to send another.`,
      });
    else if (attachments.length >= MAX_ASK_IMAGES)
      set({
        attachNotice: `${MAX_ASK_IMAGES} images are attached, the most one question can take; remove one to add another.`,
      });
    else
      set({
        attachments: [...attachments, image],
        attachmentSources: [...attachmentSources, source],
        attachNotice: undefined,
      });
  },
  detach: (index) =>
    set({
      attachments: get().attachments.filter((_, i) => i !== index),
      attachmentSources: get().attachmentSources.filter((_, i) => i !== index),
      attachNotice: undefined,
    }),
  specialtyChoice: 'auto',
  perspectiveChoice: 'analytical',
  maxNewTokens: 1024,
  setMaxNewTokens: (maxNewTokens) => set({ maxNewTokens }),
  choices: { A: '', B: '', C: '', D: '', E: '' },
  setChoice: (letter, text) => set({ choices: { ...get().choices, [letter]: text } }),
  setCheckInput(perspectiveKey, calculator, key, value) {
    const run = get().run;
    if (!run) return;
    const edits = run.checkInputs?.[perspectiveKey] ?? {};
    // Raw control values; runGuidelineChecks parses them against the calculator's fields.
    const current: Record<string, string> = { ...edits[calculator] };
    if (value === undefined || value.trim() === '') delete current[key];
    else current[key] = value;
    set({
      run: {
        ...run,
        checkInputs: {
          ...run.checkInputs,
          [perspectiveKey]: { ...edits, [calculator]: current },
        },
      },
    });
  },
  setQuestion: (question) => set({ question }),
  setSpecialtyChoice: (specialtyChoice) => set({ specialtyChoice }),
  setPerspectiveChoice: (perspectiveChoice) => set({ perspectiveChoice }),
  setActiveTab: (activeTab) => set({ activeTab }),

  async ask(images, context, extra = {}) {
    const { sources = [], saveTo } = extra;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    const id = ++runCounter;
    const { question, specialtyChoice, perspectiveChoice, maxNewTokens, choices } = get();
    // The form keeps Ask disabled while a field is out of range; empty fields are the model's defaults.
    const { settings: sampling } = parseSamplingText(get().samplingText);
    const detail = get().imageDetail;
    const filled = Object.entries(choices).filter(([, text]) => text.trim() !== '');
    const options =
      filled.length > 0
        ? (Object.fromEntries(filled.map(([l, t]) => [l, t.trim()])) as Partial<
            Record<ChoiceLetter, string>
          >)
        : undefined;
    set({
      run: {
        id,
        question,
        status: 'running',
        message: 'Sending the question to the model…',
        perspectives: [],
        images,
        imageSources: images.map((_, i) => sources[i] ?? null),
        ...(options ? { options } : {}),
      },
      activeTab: undefined,
    });
    // Events of an older run that is still winding down are ignored.
    const update = (change: (run: RunState) => RunState) => {
      const run = get().run;
      if (run && run.id === id) set({ run: change(run) });
    };
    // A small model streams a thousand tokens a second: events are applied
    // in batches so the panel stays responsive (and Stop stays clickable).
    const pending: AskEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      const events = pending.splice(0);
      if (events.length === 0) return;
      update((run) => events.reduce(applyEvent, run));
      if (!get().activeTab && get().run?.perspectives[0])
        set({ activeTab: get().run!.perspectives[0]!.key });
    };
    try {
      const result = await api.ask(
        {
          question,
          images,
          specialty: specialtyChoice,
          perspective: perspectiveChoice,
          context,
          maxNewTokens,
          options,
          ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
          ...(detail !== 'auto' ? { imagePixels: { detail } } : {}),
          ...(saveTo ? { saveTo } : {}),
        },
        (event) => {
          pending.push(event);
          flushTimer ??= setTimeout(flush, STORE_FLUSH_MS);
        },
        own.signal,
      );
      flush();
      update((run) => ({
        ...applyResult(run, result),
        status: result.cancelled ? 'cancelled' : 'done',
        message: result.cancelled ? 'Stopped' : undefined,
        result,
      }));
    } catch (error) {
      flush();
      // A server off this machine: nothing was sent; ask the user, then ask again.
      if (error instanceof AppError && error.code === 'server-consent-needed' && error.detail) {
        update((run) => ({ ...run, status: 'cancelled', message: 'Nothing was sent' }));
        get().requestConsent(error.detail, () => get().ask(images, context, extra));
        return;
      }
      const view = describeError(error);
      const cancelled = own.signal.aborted;
      update((run) => ({
        ...run,
        status: cancelled ? 'cancelled' : 'error',
        message: cancelled ? 'Stopped' : undefined,
        error: cancelled ? undefined : view,
      }));
    } finally {
      if (controller === own) controller = undefined;
    }
  },

  stop() {
    controller?.abort();
  },

  srSaveRequest: 0,
  requestSrSave: () => set({ srSaveRequest: get().srSaveRequest + 1 }),

  async openCitation(guideline, passage, from) {
    const ref = { guideline, passage };
    const origin = from ? { from } : {};
    set({ citation: { loading: true, ref, ...origin } });
    try {
      const view = await api.getPassage(ref);
      set({ citation: { loading: false, view, ref, ...origin } });
    } catch (error) {
      set({ citation: { loading: false, error: describeError(error), ref, ...origin } });
    }
  },
  closeCitation: () => set({ citation: undefined }),
});

const keys = new WeakMap<AskImage, string>();

/**
 * Identifies an attachment by the pixels the model would get (FNV-1a over
 * the size and the raw RGB): the same frame with the same window, inversion
 * and orientation gives the same pixels, so it is refused as a duplicate.
 */
export function attachmentKey(image: AskImage): string {
  let key = keys.get(image);
  if (key === undefined) {
    let hash = 0x811c9dc5;
    const { rgb } = image;
    for (let i = 0; i < rgb.length; i++) hash = Math.imul(hash ^ rgb[i]!, 0x01000193);
    key = `${image.width}x${image.height}:${(hash >>> 0).toString(16)}`;
    keys.set(image, key);
  }
  return key;
}

/** The final result is the truth: it replaces what the stream built up. */
function applyResult(run: RunState, result: AskResult): RunState {
  if (result.perspectives.length === 0) return run;
  const perspectives = result.perspectives.map((p) => {
    const key = perspectiveKey(p.perspective);
    const text =
      result.texts.find((t) => perspectiveKey(t.perspective) === key)?.text ??
      run.perspectives.find((r) => r.key === key)?.text ??
      '';
    return {
      key,
      perspective: p.perspective,
      text,
      steps: p.steps,
      answer: p.answer,
      answerProbabilities: p.answerProbabilities,
      unplaced: p.unplaced,
      done: true,
    };
  });
  return { ...run, perspectives, routing: result.routing ?? run.routing };
}
