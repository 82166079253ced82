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

export interface PromptInput {
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

/** The system prompt for one specialty and perspective. */
export function buildSystemPrompt(specialty: string, perspective: Perspective): string {
  const title = isSpecialty(specialty) ? SPECIALTY_TITLES[specialty] : specialty;
  const focus = SPECIALTY_FOCUS[specialty] ?? `the ${title} specialty`;
  const p = PERSPECTIVE_INSTRUCTIONS[perspective];
  return [
    `You are a careful medical imaging assistant for the ${title} specialty, focused on ${focus}. You support a clinician, who checks every step.`,
    `${p.title}. ${p.instruction}`,
    'Write your reasoning inside <think> ... </think> as numbered steps ("1. ...", "2. ..."), one finding or inference per step. When a step relies on a guideline passage listed in the prompt, cite it as [guideline-id#passage-id]; never invent an id.',
    'Then give only the final answer inside <answer> ... </answer>. If options are given, answer with the letter of one option followed by its text.',
    DATA_NOTICE,
  ].join('\n\n');
}

/**
 * Builds the chat messages for one perspective: a system prompt for the
 * specialty and perspective, then the user turn with one image placeholder
 * per image followed by the text (Qwen2-VL puts images before the text).
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
  const images: QwenContent[] = Array.from({ length: input.imageCount ?? 0 }, () => ({
    type: 'image',
  }));
  return [
    { role: 'system', content: buildSystemPrompt(input.specialty, input.perspective) },
    { role: 'user', content: [...images, { type: 'text', text: parts.join('\n\n') }] },
  ];
}
