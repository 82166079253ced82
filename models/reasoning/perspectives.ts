import { perspectiveSchema, type Perspective } from '../../electron/common/schemas/reasoning';

export const PERSPECTIVES: readonly Perspective[] = perspectiveSchema.options;

/**
 * How each perspective reasons, as the paper's Guideline-Based Advantages
 * stage groups rollouts (arXiv 2601.10949): several valid diagnostic
 * strategies, each asked for explicitly.
 */
export const PERSPECTIVE_INSTRUCTIONS: Record<Perspective, { title: string; instruction: string }> =
  {
    differential: {
      title: 'Differential diagnosis',
      instruction:
        'Reason by differential diagnosis: list the candidate diagnoses that fit the findings, then rule each in or out with the specific image findings and guideline criteria that support or exclude it, until one remains.',
    },
    intuitive: {
      title: 'Pattern recognition',
      instruction:
        'Reason by pattern recognition: name the characteristic imaging pattern you recognise, say which features make it typical, then check the pattern against guideline criteria and say what would argue against it.',
    },
    analytical: {
      title: 'Systematic analysis',
      instruction:
        'Reason analytically: go through the image systematically, feature by feature (location, size, shape, margins, density or signal, enhancement, associated findings), apply the guideline category or score to each feature, then combine them.',
    },
    bayesian: {
      title: 'Bayesian reasoning',
      instruction:
        'Reason in a Bayesian way: state the pre-test probability of the leading diagnoses from the clinical context, state how strongly each key finding changes it (likelihood ratio, qualitatively if numbers are unknown), and give the post-test probability that decides the answer.',
    },
  };

export const isPerspective = (value: string): value is Perspective =>
  (PERSPECTIVES as readonly string[]).includes(value);
