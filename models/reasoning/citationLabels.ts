import type { Citation } from '../../electron/common/schemas/reasoning';

/** The support score as the panel, the drawer and the exports write it: "80 %". */
export const scoreText = (score: number) => `${Math.round(score * 100)} %`;

/**
 * "support 80 %", with the judge's probability where the judge chose the passage: "support 80 %,
 * judge 91 %"; a passage chosen for the chain's topic says so: "support 0 % (from the chain's
 * earlier steps), judge 88 %".
 */
export const scoresText = (c: Pick<Citation, 'score' | 'confidence' | 'fromChain'>) => {
  const support = `support ${scoreText(c.score)}${c.fromChain ? ` (${FROM_CHAIN_TEXT})` : ''}`;
  return c.confidence === undefined ? support : `${support}, judge ${scoreText(c.confidence)}`;
};

/** Why a passage the step shares no words with is cited. */
export const FROM_CHAIN_TEXT = "from the chain's earlier steps";

/** What a citation from the chain's earlier steps means, in one sentence (the drawer's hint). */
export const FROM_CHAIN_HINT =
  'This step shares no words with the passage; it continues earlier steps of the chain that were about this guideline.';

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
