import { useState } from 'react';
import type { CaseRun, CaseView } from '../../../../electron/common/schemas/cases';
import { useAppStore } from '../../store/store';
import { downloadBytes } from '../../ui/downloadBytes';
import { printCase } from './printCase';

/** The PNG data URL of a case image (what the model saw). */
export function imageUrl(view: CaseView, sha256: string): string | undefined {
  const image = view.images.find((i) => i.sha256 === sha256);
  return image ? `data:image/png;base64,${image.pngBase64}` : undefined;
}

export function RunThumbnails({ view, run }: { view: CaseView; run: CaseRun }) {
  return (
    <span className="run-thumbnails">
      {run.imageIds.map((sha, i) => {
        const src = imageUrl(view, sha);
        return src ? <img key={sha} src={src} alt={`Image ${i + 1} of this question`} /> : null;
      })}
    </span>
  );
}

/**
 * The open case above the reasoning panel: its title and notes, the thread
 * of runs (each with the thumbnails of the images it was about), and the
 * teaching views: present, quiz, compare, print.
 */
export function CasePanel() {
  const view = useAppStore((s) => s.openCase);
  const rename = useAppStore((s) => s.renameOpenCase);
  const setNotes = useAppStore((s) => s.setOpenCaseNotes);
  const closeCase = useAppStore((s) => s.closeCase);
  const followUp = useAppStore((s) => s.followUp);
  const setFollowUp = useAppStore((s) => s.setFollowUp);
  const autoSave = useAppStore((s) => s.autoSaveRuns);
  const setAutoSave = useAppStore((s) => s.setAutoSaveRuns);
  const setTeaching = useAppStore((s) => s.setTeaching);
  const setCompare = useAppStore((s) => s.setCompare);
  const exportCase = useAppStore((s) => s.exportCase);
  const [picked, setPicked] = useState<string[]>([]);
  // Folded to its title line until asked for, so a run's answer and first
  // steps stay in view at 1280×720 (e2e/reasoning.spec.ts).
  const [expanded, setExpanded] = useState(false);
  const saveToggle = (
    <label className="auto-save">
      <input
        type="checkbox"
        checked={autoSave}
        onChange={(e) => setAutoSave(e.currentTarget.checked)}
      />
      Save runs to a case
    </label>
  );
  if (!view) return <div className="case-panel closed">{saveToggle}</div>;
  const kase = view.case;
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));

  return (
    <section className="case-panel" aria-label="Open case" data-testid="case-panel">
      <div className="case-title-line">
        <input
          key={kase.id + kase.title}
          className="case-title"
          aria-label="Case title"
          defaultValue={kase.title}
          onBlur={(e) => void rename(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
          }}
        />
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls="case-thread"
          onClick={() => setExpanded(!expanded)}
        >
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> {kase.runs.length}{' '}
          {kase.runs.length === 1 ? 'run' : 'runs'}
        </button>
        <button type="button" onClick={closeCase} aria-label="Close case">
          ×
        </button>
      </div>
      <div id="case-thread" className="case-thread" hidden={!expanded}>
        <label className="case-notes">
          Notes
          <textarea
            key={kase.id}
            rows={2}
            defaultValue={kase.notes}
            onBlur={(e) => void setNotes(e.currentTarget.value)}
          />
        </label>
        <ol className="case-runs" data-testid="case-runs">
          {kase.runs.map((run) => (
            <li key={run.id} className="case-run" data-run={run.id}>
              <RunThumbnails view={view} run={run} />
              <span className="case-run-text">
                <span className="case-run-question">
                  {run.followUpOf ? <span className="follow-up-mark">follow-up · </span> : null}
                  {run.question}
                </span>
                <span className="case-run-answer">{run.answerText || 'no answer'}</span>
              </span>
              <span className="case-run-actions">
                <button
                  type="button"
                  onClick={() => setTeaching({ mode: 'present', runId: run.id })}
                >
                  Present
                </button>
                {Object.keys(run.options).length > 0 ? (
                  <button
                    type="button"
                    onClick={() => setTeaching({ mode: 'quiz', runId: run.id })}
                  >
                    Quiz
                  </button>
                ) : null}
                <button type="button" onClick={() => printCase(view, run.id)}>
                  Print
                </button>
                <label>
                  <input
                    type="checkbox"
                    checked={picked.includes(run.id)}
                    onChange={() => toggle(run.id)}
                  />
                  <span className="visually-hidden">Compare {run.question}</span>
                </label>
              </span>
            </li>
          ))}
        </ol>
        <div className="case-options">
          {saveToggle}
          <label>
            <input
              type="checkbox"
              checked={followUp}
              disabled={!autoSave || kase.runs.length === 0}
              onChange={(e) => setFollowUp(e.currentTarget.checked)}
            />
            Ask as a follow-up (the model gets this thread)
          </label>
          <button
            type="button"
            disabled={picked.length !== 2}
            onClick={() => setCompare([picked[0]!, picked[1]!])}
          >
            Compare 2 runs
          </button>
          <button type="button" onClick={() => printCase(view)}>
            Print…
          </button>
          <button
            type="button"
            onClick={() =>
              void exportCase(kase.id).then((b) =>
                downloadBytes(b.fileName, b.bytes, 'application/zip'),
              )
            }
          >
            Export case…
          </button>
        </div>
      </div>
    </section>
  );
}
