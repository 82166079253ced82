import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { answerLine } from '../../../../models/reasoning/answerLine';
import { AnswerProbabilityBars } from './AnswerProbabilityBars';
import { ConsensusView } from './ConsensusView';
import { GuidelineCheckCard } from './GuidelineCheckCard';
import { imageDataUrl } from './imageDataUrl';
import { perspectiveTitle } from './labels';
import type { PerspectiveRun, RunState } from './reasoningSlice';
import { ReceivedView } from './ReceivedView';
import { RoutingLine } from './RoutingLine';
import { StepList } from './StepList';
import { TokenMeter } from './TokenMeter';

/** A tab's progress: steps so far while it runs, a check mark when it is done. */
function tabProgress(p: PerspectiveRun): string {
  if (p.done) return ' ✓';
  return p.steps.length > 0 ? ` · ${p.steps.length} …` : ' …';
}

/**
 * One run: the images it was about, routing, the answer pinned at the top
 * (the consensus first when all four perspectives ran), perspective tabs,
 * steps as they stream, and what the model received.
 */
export function RunView({ run }: { run: RunState }) {
  const activeTab = useAppStore((s) => s.activeTab);
  const setActiveTab = useAppStore((s) => s.setActiveTab);
  const current = run.perspectives.find((p) => p.key === activeTab) ?? run.perspectives[0];
  const outcome = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const wasRunning = useRef(run.status === 'running');

  // When a run ends, focus moves to its outcome (answer, consensus or error),
  // so a keyboard or screen-reader user lands on what they asked for.
  useEffect(() => {
    const running = run.status === 'running';
    if (wasRunning.current && !running) (outcome.current ?? root.current)?.focus();
    wasRunning.current = running;
  }, [run.status, run.id]);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    const step = keys[event.key];
    const at = run.perspectives.findIndex((p) => p.key === current?.key);
    const count = run.perspectives.length;
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? count - 1
          : step
            ? (at + step + count) % count
            : -1;
    const target = run.perspectives[next];
    if (!target) return;
    event.preventDefault();
    setActiveTab(target.key);
    document.getElementById(`tab-${target.key}`)?.focus();
  };
  const consensus =
    run.result?.consensus && run.perspectives.length > 1 ? run.result.consensus : undefined;
  return (
    <div
      className="run"
      data-status={run.status}
      data-testid="run"
      ref={root}
      tabIndex={-1}
      aria-label="Reasoning run"
    >
      <div className="run-head">
        {run.images.length > 0 ? (
          <ul className="run-images" aria-label="Images this run was about">
            {run.images.map((image, i) => (
              <li key={i}>
                <img src={imageDataUrl(image)} alt={`Image ${i + 1} of this run`} />
              </li>
            ))}
          </ul>
        ) : (
          <span className="run-images-none">Text only</span>
        )}
        <p className="run-question" title={run.question}>
          {run.question}
        </p>
      </div>
      {run.routing ? <RoutingLine routing={run.routing} /> : null}
      {run.message ? (
        <p className="run-message" data-testid="run-message">
          {run.message}
          {run.loadFraction !== undefined && run.status === 'running' ? (
            <progress value={run.loadFraction} max={1} aria-label="Model loaded" />
          ) : null}
        </p>
      ) : null}
      {run.error ? (
        <div ref={outcome} tabIndex={-1}>
          <ErrorNotice error={run.error} />
        </div>
      ) : null}
      {consensus ? (
        <div ref={outcome} tabIndex={-1} className="run-outcome">
          <ConsensusView consensus={consensus} options={run.options} answers={run.perspectives} />
        </div>
      ) : null}
      {run.perspectives.length > 1 ? (
        <div role="tablist" aria-label="Perspectives" className="tabs" onKeyDown={onTabKey}>
          {run.perspectives.map((p) => (
            <button
              key={p.key}
              type="button"
              role="tab"
              id={`tab-${p.key}`}
              aria-selected={p.key === current?.key}
              aria-controls="perspective-panel"
              // Roving tabindex (WAI-ARIA tabs): Tab enters the selected tab, arrows move.
              tabIndex={p.key === current?.key ? 0 : -1}
              onClick={() => setActiveTab(p.key)}
              data-done={p.done}
            >
              {perspectiveTitle(p.perspective)}
              {tabProgress(p)}
            </button>
          ))}
        </div>
      ) : null}
      {current ? (
        <div
          id="perspective-panel"
          role={run.perspectives.length > 1 ? 'tabpanel' : undefined}
          aria-labelledby={run.perspectives.length > 1 ? `tab-${current.key}` : undefined}
        >
          {current.answer ? (
            <p
              className="answer"
              data-testid="answer"
              ref={consensus || run.error ? undefined : outcome}
              tabIndex={-1}
            >
              <span className="answer-label">Answer</span>
              {answerLine(current.answer, run.options)}
            </p>
          ) : null}
          {current.answer && current.answerProbabilities ? (
            <AnswerProbabilityBars
              probabilities={current.answerProbabilities}
              answer={current.answer.letter}
            />
          ) : null}
          <StepList steps={current.steps} />
          {current.unplaced.map((text, i) => (
            <p key={i} className="unplaced">
              {text}
            </p>
          ))}
          <details className="thinking">
            <summary>Model output as written ({current.text.length} characters)</summary>
            <pre>{current.text}</pre>
          </details>
          {current.done ? <GuidelineCheckCard run={run} perspective={current} /> : null}
        </div>
      ) : null}
      {run.result ? (
        <p className="run-meta">
          {run.result.model.demo ? 'Demo model — not medical advice · ' : ''}
          {run.result.model.server ? (
            <span data-testid="answered-by">
              Answered by {run.result.model.name} on {run.result.model.server} ·{' '}
            </span>
          ) : null}
          {run.result.usage.completionTokens} tokens ·{' '}
          {run.result.timings.tokensPerSecond.toFixed(1)} tokens/s · first token after{' '}
          {Math.round(run.result.timings.timeToFirstTokenMs)} ms
        </p>
      ) : null}
      {run.result ? <TokenMeter result={run.result} /> : null}
      {run.result ? <ReceivedView result={run.result} images={run.images} /> : null}
    </div>
  );
}
