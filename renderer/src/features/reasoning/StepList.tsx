import { useEffect, useRef } from 'react';
import type { ReasoningStep } from '../../../../electron/common/schemas/reasoning';
import { useAppStore } from '../../store/store';
import {
  chosenBy,
  scoresText,
  UNKNOWN_CITATION_HINT,
  UNSUPPORTED_CITATION_HINT,
} from '../../../../models/reasoning/citationLabels';
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
          title={`${c.excerpt} (${scoresText(c)}, ${chosenBy(c.source)})`}
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

const regionCount = (n: number) =>
  n === 1 ? '1 finding on the image' : `${n} findings on the image`;

/**
 * Numbered steps, each with its citations; new steps are announced politely.
 * A step that located findings highlights them on the image while hovered,
 * and is scrolled to when one of its boxes is clicked (stepFocusSlice).
 */
export function StepList({ steps }: { steps: ReasoningStep[] }) {
  const reading = useAppStore((s) => s.citation?.from?.step);
  const hoverStep = useAppStore((s) => s.hoverStep);
  const selected = useAppStore((s) => s.selectedStep);
  const selectStep = useAppStore((s) => s.selectStep);
  const selections = useAppStore((s) => s.stepSelections);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selected) return;
    const item = list.current?.querySelector<HTMLElement>(`[data-step-key="${selected}"]`);
    item?.scrollIntoView({ block: 'nearest' });
  }, [selected, selections]);
  return (
    <ol
      ref={list}
      className="steps"
      aria-live="polite"
      aria-relevant="additions"
      data-testid="steps"
    >
      {steps.map((step) => {
        const key = stepKey(step);
        const regions = step.regions?.length ?? 0;
        const classes = ['step', key === reading ? 'reading' : '', key === selected ? 'linked' : '']
          .filter(Boolean)
          .join(' ');
        return (
          <li
            key={key}
            className={classes}
            data-step={step.index}
            data-step-key={key}
            aria-current={key === selected ? 'step' : undefined}
            onMouseEnter={regions ? () => hoverStep(key) : undefined}
            onMouseLeave={regions ? () => hoverStep(undefined) : undefined}
          >
            <p className="step-text">{step.text}</p>
            {regions ? (
              <button
                type="button"
                className="step-regions"
                aria-pressed={key === selected}
                title="Light this step's findings on the image"
                onClick={() => selectStep(key === selected ? undefined : key)}
              >
                {regionCount(regions)}
              </button>
            ) : null}
            <CitationChips step={step} />
          </li>
        );
      })}
    </ol>
  );
}
