import type { PassageHit } from '../guidelines/guidelineIndex';
import { SPECIALTY_TITLES, isSpecialty } from '../../electron/common/schemas/specialties';
import { PERSPECTIVE_INSTRUCTIONS } from './perspectives';
import { DATA_NOTICE, quoteData } from './quoteData';
import type { Perspective } from '../../electron/common/schemas/reasoning';

/** A chat message in the Qwen2-VL chat-template format (transformers.js apply_chat_template). */
export type QwenContent = { type: 'image' } | { type: 'text'; text: string };
export interface QwenMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | QwenContent[];
}

/** An earlier question about the same images and its final answer (a follow-up thread). */
export interface PromptTurn {
  question: string;
  answer: string;
}

export interface PromptInput {
  /**
   * Earlier turns of a follow-up thread, oldest first: the images go with the
   * first of them, each answered by its final answer only. The hidden
   * reasoning (<think>) is not replayed: Qwen-family reasoning models drop
   * it from the history (their chat templates strip earlier <think> blocks).
   */
  history?: PromptTurn[];
  specialty: string;
  perspective: Perspective;
  question: string;
  /** Multiple-choice options; keys are letters A–E (or more). */
  options?: Record<string, string>;
  /** How many images go with the question (one {type:'image'} each, in order). */
  imageCount?: number;
  /** DICOM tags the user chose to share (name → value); quoted as data. */
  dicomTags?: Record<string, string>;
  /** Report texts or other file text; quoted as data. */
  documents?: { source: string; text: string }[];
  /** Guideline passages to show the model (e.g. search hits for the question); it may cite them as [guideline#passage]. */
  passages?: Pick<PassageHit, 'key' | 'passage' | 'guideline'>[];
}

const SPECIALTY_FOCUS: Record<string, string> = {
  'adult-medicine':
    'adult chest, abdominal and endocrine imaging (pulmonary nodules, liver, kidney, thyroid and adrenal lesions)',
  pediatrics:
    'imaging of children, where age changes normal anatomy, injury patterns and radiation trade-offs',
  'brain-senses': 'neuroradiology, stroke, the eye and the ear',
  'oncology-surgery': 'cancer screening, staging, treatment response and surgical imaging',
};

/**
 * The system prompt for one specialty. It names no perspective: the
 * perspectives of one question share everything up to the perspective
 * instruction at the end of the user turn, so the runtime can prefill that
 * shared prefix (images included) once and fork it per perspective.
 */
export function buildSystemPrompt(specialty: string): string {
  const title = isSpecialty(specialty) ? SPECIALTY_TITLES[specialty] : specialty;
  const focus = SPECIALTY_FOCUS[specialty] ?? `the ${title} specialty`;
  return [
    `You are a careful medical imaging assistant for the ${title} specialty, focused on ${focus}. You support a clinician, who checks every step.`,
    'Write your reasoning inside <think> ... </think> as numbered steps ("1. ...", "2. ..."), one finding or inference per step. When a step relies on a guideline passage listed in the prompt, cite it as [guideline-id#passage-id]; never invent an id.',
    'Then give only the final answer inside <answer> ... </answer>. If options are given, answer with the letter of one option followed by its text.',
    DATA_NOTICE,
  ].join('\n\n');
}

/** How this perspective reasons: the last paragraph of the user turn, after the shared part. */
export function perspectiveParagraph(perspective: Perspective): string {
  const p = PERSPECTIVE_INSTRUCTIONS[perspective];
  return `Reasoning perspective: ${p.title}. ${p.instruction}`;
}

/**
 * Builds the chat messages for one perspective: a system prompt for the
 * specialty, then the user turn with one image placeholder per image
 * followed by the text (Qwen2-VL puts images before the text). The
 * perspective instruction comes last, so the prompts of all perspectives
 * share every token before it.
 */
export function buildPrompt(input: PromptInput): QwenMessage[] {
  const parts: string[] = [];
  const tags = Object.entries(input.dicomTags ?? {});
  if (tags.length > 0)
    parts.push(
      `DICOM header fields:\n${quoteData('dicom-tags', tags.map(([k, v]) => `${k}: ${v}`).join('\n'))}`,
    );
  for (const doc of input.documents ?? [])
    parts.push(`Document:\n${quoteData(doc.source, doc.text)}`);
  if (input.passages && input.passages.length > 0) {
    const lines = input.passages.map(
      (p) => `[${p.key}] ${p.guideline.title} — ${p.passage.heading}: ${p.passage.text}`,
    );
    parts.push(
      `Guideline passages you may cite:\n${quoteData('guideline-packs', lines.join('\n'))}`,
    );
  }
  parts.push(`Question: ${input.question.trim()}`);
  const options = Object.entries(input.options ?? {});
  if (options.length > 0) {
    for (const [letter] of options) {
      if (!/^[A-Z]$/.test(letter))
        throw new Error(`buildPrompt: option key '${letter}' must be one capital letter`);
    }
    parts.push(
      `Options:\n${options.map(([letter, text]) => `${letter}. ${text.replace(/\s+/g, ' ').trim()}`).join('\n')}`,
    );
  }
  parts.push(perspectiveParagraph(input.perspective));
  const images: QwenContent[] = Array.from({ length: input.imageCount ?? 0 }, () => ({
    type: 'image',
  }));
  const system: QwenMessage = {
    role: 'system',
    content: buildSystemPrompt(input.specialty),
  };
  const history = input.history ?? [];
  if (history.length === 0)
    return [
      system,
      { role: 'user', content: [...images, { type: 'text', text: parts.join('\n\n') }] },
    ];
  const turns: QwenMessage[] = [system];
  history.forEach((turn, i) => {
    const text: QwenContent = { type: 'text', text: `Question: ${turn.question.trim()}` };
    turns.push({ role: 'user', content: i === 0 ? [...images, text] : [text] });
    turns.push({ role: 'assistant', content: `<answer>${turn.answer.trim()}</answer>` });
  });
  turns.push({ role: 'user', content: [{ type: 'text', text: parts.join('\n\n') }] });
  return turns;
}
