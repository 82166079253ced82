import type { ReasoningStep } from '../../../../electron/common/schemas/reasoning';
import { useAppStore } from '../../store/store';

function CitationChips({ step }: { step: ReasoningStep }) {
  const openCitation = useAppStore((s) => s.openCitation);
  return (
    <span className="citations">
      {step.citations.map((c) => (
        <button
          key={`${c.guideline}#${c.passage}`}
          type="button"
          className={`citation-chip ${c.source}`}
          onClick={() => void openCitation(c.guideline, c.passage)}
          title={`${c.excerpt} (support ${Math.round(c.score * 100)} %)`}
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
          title="The model cited an id that no loaded guideline pack contains: treat this step with care"
        >
          unknown: {ref}
        </span>
      ))}
    </span>
  );
}

/** Numbered steps, each with its citations; new steps are announced politely. */
export function StepList({ steps }: { steps: ReasoningStep[] }) {
  return (
    <ol className="steps" aria-live="polite" aria-relevant="additions" data-testid="steps">
      {steps.map((step) => (
        <li key={`${step.perspective}-${step.index}`} className="step" data-step={step.index}>
          <p className="step-text">{step.text}</p>
          <CitationChips step={step} />
        </li>
      ))}
    </ol>
  );
}
