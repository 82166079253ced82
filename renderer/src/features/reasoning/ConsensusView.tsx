import type { Consensus } from '../../../../electron/common/schemas/reasoning';
import { perspectiveTitle } from './labels';

/** Where the four perspectives agree, how they voted, and who disagrees. */
export function ConsensusView({ consensus }: { consensus: Consensus }) {
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
            <strong>
              {vote.letter ? `(${vote.letter}) ` : ''}
              {vote.text}
            </strong>{' '}
            — {vote.perspectives.map(perspectiveTitle).join(', ')}
          </li>
        ))}
      </ul>
      {consensus.disagreements.length > 0 ? (
        <p className="disagreements">
          Disagree with the majority:{' '}
          {consensus.disagreements
            .map((d) => `${perspectiveTitle(d.perspective)} (${d.answer ?? 'no answer'})`)
            .join('; ')}
        </p>
      ) : null}
    </section>
  );
}
