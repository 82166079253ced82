import type {
  AnswerProbabilities,
  Consensus,
  Perspective,
  ReasoningAnswer,
} from '../../../../electron/common/schemas/reasoning';
import { answerLine } from '../../../../models/reasoning/answerLine';
import { probabilitiesLine } from '../../../../models/reasoning/answerProbabilities';
import { perspectiveTitle } from './labels';

interface ConsensusViewProps {
  consensus: Consensus;
  /** The multiple-choice options, so a vote reads "B — <option text>". */
  options?: Readonly<Record<string, string>>;
  /** Each perspective's own answer, for the disagreements. */
  answers: readonly {
    perspective: Perspective | null;
    answer: ReasoningAnswer | null;
    answerProbabilities?: AnswerProbabilities | null;
  }[];
}

/** Where the four perspectives agree, how they voted, and who disagrees. */
export function ConsensusView({ consensus, options, answers }: ConsensusViewProps) {
  const answerOf = (perspective: Perspective) => {
    const answer = answers.find((a) => a.perspective === perspective)?.answer;
    return answer ? answerLine(answer, options) : 'no answer';
  };
  return (
    <section className="consensus" aria-labelledby="consensus-title">
      <h3 id="consensus-title">
        Consensus · {Math.round(consensus.agreement * 100)} % agreement
        {consensus.unanimous ? ' (unanimous)' : ''}
      </h3>
      <ul>
        {consensus.votes.map((vote) => (
          <li
            key={vote.key}
            className={consensus.majority?.key === vote.key ? 'majority' : undefined}
          >
            <strong>{answerLine(vote, options)}</strong> —{' '}
            {vote.perspectives.map(perspectiveTitle).join(', ')}
          </li>
        ))}
      </ul>
      {answers.some((a) => a.answerProbabilities) ? (
        <div className="consensus-confidence">
          <h4>Confidence per perspective</h4>
          {answers.map((a) =>
            a.perspective && a.answerProbabilities ? (
              <div
                key={a.perspective}
                className="consensus-confidence-row"
                data-perspective={a.perspective}
              >
                <span>{perspectiveTitle(a.perspective)}</span>
                <span className="confidence-stack" aria-hidden="true">
                  {Object.keys(a.answerProbabilities)
                    .sort()
                    .map((letter) => (
                      <span
                        key={letter}
                        data-answer={letter === a.answer?.letter || undefined}
                        style={{ width: `${(a.answerProbabilities?.[letter] ?? 0) * 100}%` }}
                      />
                    ))}
                </span>
                <span className="confidence-line">{probabilitiesLine(a.answerProbabilities)}</span>
              </div>
            ) : null,
          )}
        </div>
      ) : null}
      {consensus.disagreements.length > 0 ? (
        <p className="disagreements">
          Disagree with the majority:{' '}
          {consensus.disagreements
            .map((d) => `${perspectiveTitle(d.perspective)} (${answerOf(d.perspective)})`)
            .join('; ')}
        </p>
      ) : null}
    </section>
  );
}
