import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../store/store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { answerLine } from '../../../../models/reasoning/answerLine';
import { ConsensusView } from './ConsensusView';
import { GuidelineCheckCard } from './GuidelineCheckCard';
import { perspectiveTitle } from './labels';
import type { RunState } from './reasoningSlice';
import { RoutingLine } from './RoutingLine';
import { StepList } from './StepList';

/** One run: routing, perspective tabs, steps as they stream, the answer. */
export function RunView({ run }: { run: RunState }) {
  const activeTab = useAppStore((s) => s.activeTab);
  const setActiveTab = useAppStore((s) => s.setActiveTab);
  const current = run.perspectives.find((p) => p.key === activeTab) ?? run.perspectives[0];
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
  return (
    <div className="run" data-status={run.status} data-testid="run">
      {run.routing ? <RoutingLine routing={run.routing} /> : null}
      {run.message ? <p className="run-message">{run.message}</p> : null}
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
            >
              {perspectiveTitle(p.perspective)}
              {p.done ? '' : ' …'}
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
          <details className="thinking">
            <summary>Model output as written ({current.text.length} characters)</summary>
            <pre>{current.text}</pre>
          </details>
          <StepList steps={current.steps} />
          {current.unplaced.map((text, i) => (
            <p key={i} className="unplaced">
              {text}
            </p>
          ))}
          {current.answer ? (
            <p className="answer" data-testid="answer">
              <span className="answer-label">Answer</span>
              {answerLine(current.answer, run.options)}
            </p>
          ) : null}
          {current.done ? <GuidelineCheckCard run={run} perspective={current} /> : null}
        </div>
      ) : null}
      {run.result?.consensus && run.perspectives.length > 1 ? (
        <ConsensusView
          consensus={run.result.consensus}
          options={run.options}
          answers={run.perspectives}
        />
      ) : null}
      {run.error ? <ErrorNotice error={run.error} /> : null}
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
    </div>
  );
}
