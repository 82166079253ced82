import type { Citation } from '../../../../electron/common/schemas/reasoning';

/** The support score as the panel, the drawer and the exports write it: "80 %". */
export const scoreText = (score: number) => `${Math.round(score * 100)} %`;

/** Who picked the passage, in the words the panel and the exports use. */
export const chosenBy = (source: Citation['source']) =>
  source === 'model' ? 'cited by the model' : 'chosen by the linker';

/** How an invented id reads in the Markdown export and on screen. */
export const UNKNOWN_CITATION_HINT = 'not in any loaded guideline';

/** How a real passage the model cited for content it does not cover reads. */
export const UNSUPPORTED_CITATION_HINT = 'the passage does not cover this step';
