import { z } from 'zod';
import { type CitationChecker, guidelineReward } from './guidelineReward';
import { accuracyReward, formatReward } from './rewards';

/** A line for `mmx gba score`: a completion and its label (other fields pass through). */
export const scoreInputSchema = z.object({
  completion: z.string(),
  label: z.string().min(1),
  options: z
    .record(z.string().regex(/^[A-Z]$/, 'option keys must be single capital letters'), z.string())
    .optional(),
});
export type ScoreInput = z.infer<typeof scoreInputSchema>;

export interface Rewards {
  accuracy: number;
  format: number;
  guideline: number;
}

/** The three rewards of one completion. */
export function scoreCompletion(input: ScoreInput, checker: CitationChecker): Rewards {
  return {
    accuracy: accuracyReward(input.completion, input.label, input.options),
    format: formatReward(input.completion),
    guideline: guidelineReward(input.completion, checker),
  };
}
