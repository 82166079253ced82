import { useEffect, useRef, useState } from 'react';
import type { CaseRun } from '../../../../electron/common/schemas/cases';
import { useAppStore } from '../../store/store';
import { imageUrl } from './CasePanel';

function Steps({ run, shown }: { run: CaseRun; shown: number }) {
  const openCitation = useAppStore((s) => s.openCitation);
  return (
    <ol className="teaching-steps" data-testid="teaching-steps">
      {run.steps.slice(0, shown).map((step) => (
        <li key={`${step.perspective ?? 'single'}-${step.index}`} className="teaching-step">
          <span>{step.text}</span>
          {step.citations.length > 0 ? (
            <span className="teaching-citations">
              {step.citations.map((c) => (
                <button
                  key={`${c.guideline}#${c.passage}`}
                  type="button"
                  className="citation-chip"
                  title={c.title ?? c.guideline}
                  onClick={() => void openCitation(c.guideline, c.passage)}
                >
                  {c.guideline} · {c.heading ?? c.passage}
                </button>
              ))}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

const answerLine = (run: CaseRun) =>
  run.answer?.letter && run.options[run.answer.letter]
    ? `${run.answer.letter} — ${run.options[run.answer.letter]}`
    : run.answerText || 'No answer';

/**
 * Teaching in class, full screen and in large type, with nothing of the
 * app's chrome: the image on one side, the reasoning on the other.
 * Presentation reveals one step at a time (→ or Space next, ← back, A the
 * answer, Esc leaves); the quiz shows the options first, the learner picks
 * (click or the letter key), then the reasoning and the answer appear with
 * the pick marked, and the session's score counts.
 */
export function TeachingView() {
  const teaching = useAppStore((s) => s.teaching);
  const view = useAppStore((s) => s.openCase);
  const setTeaching = useAppStore((s) => s.setTeaching);
  const score = useAppStore((s) => s.quizScore);
  const recordQuizAnswer = useAppStore((s) => s.recordQuizAnswer);
  const [shown, setShown] = useState(0);
  const [answerShown, setAnswerShown] = useState(false);
  const [pick, setPick] = useState<string>();
  const root = useRef<HTMLDivElement>(null);
  const run = view?.case.runs.find((r) => r.id === teaching?.runId);

  useEffect(() => {
    setShown(0);
    setAnswerShown(false);
    setPick(undefined);
  }, [teaching?.runId, teaching?.mode]);

  useEffect(() => {
    if (!teaching) return;
    root.current?.focus();
    // Full screen where the browser allows it; the view fills the window either way.
    document.documentElement.requestFullscreen?.().catch(() => undefined);
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [teaching]);

  // The keys work wherever the focus is (a citation opened and closed moves it),
  // except while a dialog above the view (the citation drawer) has them.
  useEffect(() => {
    if (!teaching || !run) return;
    const quizMode = teaching.mode === 'quiz';
    const letters = Object.keys(run.options);
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const key = event.key;
      if (key === 'Escape') {
        event.preventDefault();
        setTeaching(undefined);
        return;
      }
      if (event.target instanceof HTMLButtonElement && (key === ' ' || key === 'Enter')) return;
      if (quizMode) {
        const letter = key.toUpperCase();
        if (pick === undefined && letters.includes(letter)) {
          event.preventDefault();
          setPick(letter);
          recordQuizAnswer(letter === (run.answer?.letter ?? null));
        }
        return;
      }
      if (key === 'ArrowRight' || key === ' ') {
        event.preventDefault();
        setShown((n) => Math.min(run.steps.length, n + 1));
      } else if (key === 'ArrowLeft') {
        event.preventDefault();
        if (answerShown) setAnswerShown(false);
        else setShown((n) => Math.max(0, n - 1));
      } else if (key === 'a' || key === 'A') {
        event.preventDefault();
        setAnswerShown(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [teaching, run, pick, answerShown, setTeaching, recordQuizAnswer]);

  if (!teaching || !view || !run) return null;
  const quiz = teaching.mode === 'quiz';
  const letters = Object.keys(run.options).sort();
  const correct = run.answer?.letter ?? null;
  const revealed = quiz ? pick !== undefined : answerShown;
  const stepsShown = quiz ? (pick !== undefined ? run.steps.length : 0) : shown;
  const quizRuns = view.case.runs.filter((r) => Object.keys(r.options).length > 0);
  const nextQuizRun = quizRuns[quizRuns.findIndex((r) => r.id === run.id) + 1];

  const choose = (letter: string) => {
    if (pick !== undefined) return;
    setPick(letter);
    recordQuizAnswer(letter === correct);
  };

  const image = run.imageIds[0] ? imageUrl(view, run.imageIds[0]) : undefined;
  return (
    <div
      ref={root}
      className={`teaching ${teaching.mode}`}
      role="dialog"
      aria-modal="true"
      aria-label={quiz ? 'Quiz' : 'Presentation'}
      tabIndex={-1}
      data-testid="teaching"
    >
      <div className="teaching-image">
        {image ? <img src={image} alt="The image the question is about" /> : null}
      </div>
      <div className="teaching-text">
        <h2 className="teaching-question">{run.question}</h2>
        {quiz ? (
          <ul className="quiz-options" aria-label="Options">
            {letters.map((letter) => {
              const mark =
                pick === undefined
                  ? ''
                  : letter === correct
                    ? ' correct'
                    : letter === pick
                      ? ' wrong'
                      : '';
              return (
                <li key={letter}>
                  <button
                    type="button"
                    className={`quiz-option${mark}${letter === pick ? ' picked' : ''}`}
                    aria-pressed={letter === pick}
                    disabled={pick !== undefined}
                    onClick={() => choose(letter)}
                  >
                    <b>{letter}</b> {run.options[letter]}
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
        <Steps run={run} shown={stepsShown} />
        {revealed ? (
          <p className="teaching-answer" data-testid="teaching-answer">
            Answer: {answerLine(run)}
            {quiz && pick !== undefined ? (
              <span className="quiz-verdict">
                {' '}
                — your pick {pick} is {pick === correct ? 'right' : 'wrong'}
              </span>
            ) : null}
          </p>
        ) : null}
        <footer className="teaching-footer">
          {quiz ? (
            <>
              <span data-testid="quiz-score">
                Score: {score.right} of {score.asked}
              </span>
              {pick !== undefined && nextQuizRun ? (
                <button
                  type="button"
                  onClick={() => setTeaching({ mode: 'quiz', runId: nextQuizRun.id })}
                >
                  Next question
                </button>
              ) : null}
            </>
          ) : (
            <span className="teaching-progress" data-testid="teaching-progress">
              Step {shown} of {run.steps.length}
              {answerShown ? ' · answer shown' : ''} · → or Space next · ← back · A answer · Esc
              leaves
            </span>
          )}
          <span className="teaching-notice">Decision support and education, not a diagnosis.</span>
          <button type="button" onClick={() => setTeaching(undefined)}>
            Leave
          </button>
        </footer>
      </div>
    </div>
  );
}
