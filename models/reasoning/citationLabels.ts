import type { Citation } from '../../electron/common/schemas/reasoning';

/** The support score as the panel, the drawer and the exports write it: "80 %". */
export const scoreText = (score: number) => `${Math.round(score * 100)} %`;

/** "support 80 %", with the judge's probability where the judge chose the passage: "support 80 %, judge 91 %". */
export const scoresText = (c: Pick<Citation, 'score' | 'confidence'>) =>
  c.confidence === undefined
    ? `support ${scoreText(c.score)}`
    : `support ${scoreText(c.score)}, judge ${scoreText(c.confidence)}`;

/** What the support score means, in one sentence (the drawer's tooltip). */
export const SUPPORT_HINT = "Support: how much of the step's informative terms the passage covers.";

/** What the judge's probability means, in one sentence (the drawer's tooltip). */
export const JUDGE_HINT =
  "Judge: the citation judge's estimated probability that this guideline supports the step.";

/** Who picked the passage, in the words the panel and the exports use. */
export const chosenBy = (source: Citation['source']) =>
  source === 'model' ? 'cited by the model' : 'chosen by the linker';

/** How an invented id reads in the Markdown export and on screen. */
export const UNKNOWN_CITATION_HINT = 'not in any loaded guideline';

/** How a real passage the model cited for content it does not cover reads. */
export const UNSUPPORTED_CITATION_HINT = 'the passage does not cover this step';
