import {
  SAMPLING_LIMITS,
  imageDetailSchema,
  type ImagePixels,
  type SamplingSettings,
} from '../../electron/common/schemas/generation';
import { UsageError, numberFlag } from './command';

/** The sampling and image-cost flags of `mmx ask` and `mmx eval` (issue #20 items 4 and 5). */
export const generationOptions = {
  temperature: { type: 'string' },
  'top-p': { type: 'string' },
  'top-k': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  seed: { type: 'string' },
  'image-detail': { type: 'string' },
  'min-pixels': { type: 'string' },
  'max-pixels': { type: 'string' },
} as const;

const L = SAMPLING_LIMITS;

export const generationFlagsHelp = [
  `  --temperature T       ${L.temperature.min}–${L.temperature.max}; 0 is greedy (default: the model's generation_config.json,`,
  '                        greedy unless it sets do_sample); the flags below act only when sampling',
  "  --top-p P             keep the most probable tokens up to mass P, in (0, 1] (default: the model's, else 1)",
  "  --top-k K             keep the K most probable tokens, 0 turns it off (default: the model's, else 50)",
  `  --repetition-penalty R  divide the logits of tokens already seen by R, in (0, ${L.repetitionPenalty.max}]; also when greedy (default: the model's, else 1)`,
  `  --seed N              ${L.seed.min}–${L.seed.max}: the same seed gives the same text (default: a random one, reported by --json)`,
  "  --image-detail D      low (at most 256 vision tokens an image), auto (the model's min_pixels/max_pixels) or high",
  '                        (small images enlarged to 512 tokens, large ones up to 1024×1024 pixels); default auto',
  "  --min-pixels N, --max-pixels N  the image processor's pixel bounds, over --image-detail and the model's",
  '                        preprocessor_config.json; the vision tokens of an image are (h/28)·(w/28) after resizing',
].join('\n');

export interface GenerationFlagValues {
  temperature?: string;
  'top-p'?: string;
  'top-k'?: string;
  'repetition-penalty'?: string;
  seed?: string;
  'image-detail'?: string;
  'min-pixels'?: string;
  'max-pixels'?: string;
}

/** A number in (0, max]: numberFlag's range is closed, these open at 0. */
function positiveFlag(value: string | undefined, flag: string, max: number): number | undefined {
  const n = numberFlag(value, flag, { min: 0, max });
  if (n === 0)
    throw new UsageError(`--${flag} must be a number above 0 and at most ${max}, got '${value}'`);
  return n;
}

/** The flags' sampling settings (only those given); an out-of-range value is a UsageError naming the flag. */
export function samplingFromFlags(values: GenerationFlagValues): SamplingSettings | undefined {
  const settings: SamplingSettings = {
    temperature: numberFlag(values.temperature, 'temperature', L.temperature),
    topP: positiveFlag(values['top-p'], 'top-p', L.topP.max),
    topK: numberFlag(values['top-k'], 'top-k', { ...L.topK, integer: true }),
    repetitionPenalty: positiveFlag(
      values['repetition-penalty'],
      'repetition-penalty',
      L.repetitionPenalty.max,
    ),
    seed: numberFlag(values.seed, 'seed', { ...L.seed, integer: true }),
  };
  const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return Object.keys(given).length > 0 ? (given as SamplingSettings) : undefined;
}

/** The flags' image pixel bounds (only those given); a bad level or a min above max is a UsageError. */
export function imagePixelsFromFlags(values: GenerationFlagValues): ImagePixels | undefined {
  const level = values['image-detail'];
  const parsed = level === undefined ? undefined : imageDetailSchema.safeParse(level);
  if (parsed && !parsed.success) {
    throw new UsageError(
      `--image-detail must be one of ${imageDetailSchema.options.join(', ')}, got '${level}'`,
    );
  }
  const detail = parsed?.data;
  const bound = { min: 1, max: 16_777_216, integer: true };
  const minPixels = numberFlag(values['min-pixels'], 'min-pixels', bound);
  const maxPixels = numberFlag(values['max-pixels'], 'max-pixels', bound);
  if (minPixels !== undefined && maxPixels !== undefined && minPixels > maxPixels)
    throw new UsageError(`--min-pixels ${minPixels} is above --max-pixels ${maxPixels}`);
  const pixels: ImagePixels = {
    ...(detail !== undefined ? { detail } : {}),
    ...(minPixels !== undefined ? { minPixels } : {}),
    ...(maxPixels !== undefined ? { maxPixels } : {}),
  };
  return Object.keys(pixels).length > 0 ? pixels : undefined;
}
