import type { CaseRun } from '../../../../electron/common/schemas/cases';
import { useAppStore } from '../../store/store';
import { useModalDialog } from '../../ui/useModalDialog';
import { RunThumbnails } from './CasePanel';

const answerKey = (run: CaseRun) => (run.answer?.letter ?? run.answerText).trim().toLowerCase();

/** Two runs of the open case side by side: steps aligned by number, differing answers highlighted. */
export function CompareRuns() {
  const compare = useAppStore((s) => s.compare);
  const view = useAppStore((s) => s.openCase);
  const setCompare = useAppStore((s) => s.setCompare);
  const ref = useModalDialog(compare !== undefined);
  const runs = compare && view ? compare.map((id) => view.case.runs.find((r) => r.id === id)) : [];
  const [left, right] = runs;
  const rows = left && right ? Math.max(left.steps.length, right.steps.length) : 0;
  const differ = left && right ? answerKey(left) !== answerKey(right) : false;
  return (
    <dialog
      ref={ref}
      className="dialog compare-dialog"
      aria-labelledby="compare-title"
      onClose={() => setCompare(undefined)}
    >
      <header>
        <h2 id="compare-title">Compare runs</h2>
        <button type="button" onClick={() => setCompare(undefined)} aria-label="Close comparison">
          ×
        </button>
      </header>
      {left && right && view ? (
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              {[left, right].map((run) => (
                <th scope="col" key={run.id}>
                  <RunThumbnails view={view} run={run} /> {run.question}
                  <div className="compare-meta">
                    {run.perspective} · {run.model.name} ·{' '}
                    {run.created.slice(0, 16).replace('T', ' ')}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => (
              <tr key={i}>
                <th scope="row">{i + 1}</th>
                <td>{left.steps[i]?.text ?? ''}</td>
                <td>{right.steps[i]?.text ?? ''}</td>
              </tr>
            ))}
            <tr
              className={differ ? 'compare-answers differ' : 'compare-answers'}
              data-testid="compare-answers"
            >
              <th scope="row">Answer{differ ? ' (differs)' : ''}</th>
              <td>{left.answerText || '—'}</td>
              <td>{right.answerText || '—'}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
    </dialog>
  );
}
