import type { AnswerProbabilities } from '../../../../electron/common/schemas/reasoning';
import { percentText } from '../../../../models/reasoning/answerProbabilities';

interface AnswerProbabilityBarsProps {
  probabilities: AnswerProbabilities;
  /** The letter the model answered, marked among the bars. */
  answer?: string | null;
  /** Names the list for screen readers ("Answer confidence", "Bayesian confidence"). */
  label?: string;
}

/**
 * The model's probability of each option at the token where it wrote its
 * answer letter, as a small bar per option in letter order.
 */
export function AnswerProbabilityBars({
  probabilities,
  answer,
  label = 'Answer confidence',
}: AnswerProbabilityBarsProps) {
  const letters = Object.keys(probabilities).sort();
  return (
    <ul className="answer-probabilities" aria-label={label} data-testid="answer-probabilities">
      {letters.map((letter) => {
        const p = probabilities[letter] ?? 0;
        return (
          <li key={letter} data-letter={letter} data-answer={letter === answer || undefined}>
            <span className="answer-probability-letter">{letter}</span>
            <span className="answer-probability-track" aria-hidden="true">
              <span className="answer-probability-bar" style={{ width: `${p * 100}%` }} />
            </span>
            <span className="answer-probability-value">{percentText(p)}</span>
          </li>
        );
      })}
    </ul>
  );
}
