import type { StateCreator } from 'zustand';
import type { AskImage } from '../../../../electron/common/schemas/ask';
import {
  SAMPLING_LIMITS,
  samplingSettingsSchema,
  type ImageDetail,
  type SamplingSettings,
} from '../../../../electron/common/schemas/generation';
import type { ModelEntry } from '../../../../electron/common/schemas/models';
import { imageTokenCount, resolveImageBounds } from '../../../../models/reasoning/imageTokens';

export type SamplingField = keyof SamplingSettings;
export const SAMPLING_FIELDS: readonly SamplingField[] = [
  'temperature',
  'topP',
  'topK',
  'repetitionPenalty',
  'seed',
];

/** The ask form's sampling fields as typed (empty: the model's default) and the image detail level. */
export interface GenerationSlice {
  samplingText: Record<SamplingField, string>;
  setSamplingText(field: SamplingField, text: string): void;
  imageDetail: ImageDetail;
  setImageDetail(detail: ImageDetail): void;
}

export const createGenerationSlice: StateCreator<GenerationSlice, [], [], GenerationSlice> = (
  set,
  get,
) => ({
  samplingText: { temperature: '', topP: '', topK: '', repetitionPenalty: '', seed: '' },
  setSamplingText: (field, text) => set({ samplingText: { ...get().samplingText, [field]: text } }),
  imageDetail: 'auto',
  setImageDetail: (imageDetail) => set({ imageDetail }),
});

const L = SAMPLING_LIMITS;
/** One sentence per field, the same ranges as `mmx ask`'s flags. */
const RANGE_TEXT: Record<SamplingField, string> = {
  temperature: `Temperature is a number from ${L.temperature.min} to ${L.temperature.max} (0 is greedy).`,
  topP: 'Top-p is a number above 0 and at most 1.',
  topK: `Top-k is a whole number from 0 (off) to ${L.topK.max}.`,
  repetitionPenalty: `Repetition penalty is a number above 0 and at most ${L.repetitionPenalty.max}.`,
  seed: `Seed is a whole number from 0 to ${L.seed.max}.`,
};

/** The typed fields as settings (the empty ones left out) and a sentence for each field that is out of range. */
export function parseSamplingText(text: Record<SamplingField, string>): {
  settings: SamplingSettings;
  problems: Partial<Record<SamplingField, string>>;
} {
  const settings: SamplingSettings = {};
  const problems: Partial<Record<SamplingField, string>> = {};
  for (const field of SAMPLING_FIELDS) {
    const raw = text[field].trim();
    if (raw === '') continue;
    const parsed = samplingSettingsSchema.shape[field].safeParse(Number(raw));
    if (parsed.success && parsed.data !== undefined) settings[field] = parsed.data;
    else problems[field] = RANGE_TEXT[field];
  }
  return { settings, problems };
}

/**
 * Vision tokens of an attached image with the chosen detail level, counted
 * with the model's own bounds by the same smart_resize the worker's image
 * processor runs; undefined when the model's bounds are unknown (a server).
 */
export function attachmentTokens(
  image: Pick<AskImage, 'width' | 'height'>,
  model: Pick<ModelEntry, 'imageBounds'> | undefined,
  detail: ImageDetail,
): number | undefined {
  if (!model?.imageBounds) return undefined;
  return imageTokenCount(
    image.width,
    image.height,
    resolveImageBounds(model.imageBounds, { detail }),
  );
}
