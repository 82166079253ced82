import type { ReasoningStep } from '../../../../electron/common/schemas/reasoning';
import { useAppStore } from '../../store/store';
import {
  chosenBy,
  scoreText,
  UNKNOWN_CITATION_HINT,
  UNSUPPORTED_CITATION_HINT,
} from './citationLabels';
import { stepKey } from './reasoningSlice';

function CitationChips({ step }: { step: ReasoningStep }) {
  const openCitation = useAppStore((s) => s.openCitation);
  const key = stepKey(step);
  return (
    <span className="citations">
      {step.citations.map((c) => (
        <button
          key={`${c.guideline}#${c.passage}`}
          type="button"
          className={`citation-chip ${c.source}`}
          onClick={() => void openCitation(c.guideline, c.passage, { citation: c, step: key })}
          title={`${c.excerpt} (support ${scoreText(c.score)}, ${chosenBy(c.source)})`}
        >
          {c.guideline}#{c.passage}
        </button>
      ))}
      {step.noGuidelineSupport && step.citations.length === 0 ? (
        <span className="no-support">no guideline support</span>
      ) : null}
      {step.unknownCitations.map((ref) => (
        <span
          key={ref}
          className="citation-unknown"
          title={`The model cited an id that is ${UNKNOWN_CITATION_HINT}: treat this step with care`}
        >
          unknown: {ref}
        </span>
      ))}
      {step.unsupportedCitations.map((ref) => (
        <span
          key={ref}
          className="citation-unsupported"
          title={`The model cited ${ref}, but ${UNSUPPORTED_CITATION_HINT}`}
        >
          not supported: {ref}
        </span>
      ))}
    </span>
  );
}

/** Numbered steps, each with its citations; new steps are announced politely. */
export function StepList({ steps }: { steps: ReasoningStep[] }) {
  const reading = useAppStore((s) => s.citation?.from?.step);
  return (
    <ol className="steps" aria-live="polite" aria-relevant="additions" data-testid="steps">
      {steps.map((step) => {
        const key = stepKey(step);
        return (
          <li
            key={key}
            className={key === reading ? 'step reading' : 'step'}
            data-step={step.index}
          >
            <p className="step-text">{step.text}</p>
            <CitationChips step={step} />
          </li>
        );
      })}
    </ol>
  );
}
