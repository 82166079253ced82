import { z } from 'zod';
import { perspectiveSchema } from '../../../electron/common/schemas/reasoning';

export const rolloutSchema = z.object({
  prompt_id: z.union([z.string().min(1), z.number()]).transform(String),
  perspective: perspectiveSchema,
  completion: z.string(),
  rewards: z.object({ accuracy: z.number(), format: z.number(), guideline: z.number() }),
});
export type Rollout = z.infer<typeof rolloutSchema>;

export interface AdvantageOptions {
  /** Weights of accuracy, format, guideline (default 1, 0.5, 0.5). */
  weights?: readonly [number, number, number];
  /** λ, the weight of the between-perspective term (default 0.5). */
  lambda?: number;
  epsilon?: number;
}

export interface AdvantageTerms {
  reward: number;
  /** a_i = (r_i − μ_{G,p}) / (σ_{G,p} + ε) */
  within_perspective: number;
  /** b_p = (μ_{G,p} − μ_G) / (σ_G + ε) */
  between_perspective: number;
  /** A_i = a_i + λ·b_p */
  advantage: number;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Guideline-Based Advantages, the project's definition (the exact formula of
 * MMedExpert-R1, arXiv 2601.10949, is not public): rollouts of one prompt G
 * are normalised within their reasoning perspective p (GRPO-style, population
 * statistics), plus λ times how much better that perspective did than the
 * prompt's average — so each valid diagnostic strategy is rewarded on its own
 * scale while better strategies still win. Returns terms in input order.
 */
export function computeAdvantages(
  rollouts: readonly Pick<Rollout, 'prompt_id' | 'perspective' | 'rewards'>[],
  { weights = [1, 0.5, 0.5], lambda = 0.5, epsilon = 1e-6 }: AdvantageOptions = {},
): AdvantageTerms[] {
  const [wa, wf, wg] = weights;
  const rewards = rollouts.map(
    (r) => wa * r.rewards.accuracy + wf * r.rewards.format + wg * r.rewards.guideline,
  );
  const byPrompt = new Map<string, number[]>();
  const byPerspective = new Map<string, number[]>();
  rollouts.forEach((r, i) => {
    const g = byPrompt.get(r.prompt_id) ?? [];
    g.push(i);
    byPrompt.set(r.prompt_id, g);
    const key = JSON.stringify([r.prompt_id, r.perspective]);
    const p = byPerspective.get(key) ?? [];
    p.push(i);
    byPerspective.set(key, p);
  });
  const promptStats = new Map(
    [...byPrompt].map(([id, idx]) => [id, meanStd(idx.map((i) => rewards[i]!))]),
  );
  const perspectiveStats = new Map(
    [...byPerspective].map(([key, idx]) => [key, meanStd(idx.map((i) => rewards[i]!))]),
  );
  return rollouts.map((r, i) => {
    const g = promptStats.get(r.prompt_id)!;
    const p = perspectiveStats.get(JSON.stringify([r.prompt_id, r.perspective]))!;
    const reward = rewards[i]!;
    const within = (reward - p.mean) / (p.std + epsilon);
    const between = (p.mean - g.mean) / (g.std + epsilon);
    return {
      reward,
      within_perspective: within,
      between_perspective: between,
      advantage: within + lambda * between,
    };
  });
}
