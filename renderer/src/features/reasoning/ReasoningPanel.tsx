import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PERSPECTIVES } from '../../../../models/reasoning/perspectives';
import type { PerspectiveChoice } from '../../../../electron/common/schemas/reasoning';
import { api } from '../../bridge/api';
import { selectActiveModel, useAppStore } from '../../store/store';
import { describeError } from '../../ui/describeError';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { GuidelinesDialog } from '../guidelines/GuidelinesDialog';
import { modelLabel } from '../models/modelsSlice';
import { buildCaseJson, buildCaseMarkdown, downloadText } from './exportCase';
import { buildRunSr, runStudyUid } from './buildRunSr';
import { downloadBytes } from '../../ui/downloadBytes';
import { PERSPECTIVE_LABELS } from './labels';
import { SpecialtySelect } from './SpecialtySelect';
import { MAX_ASK_IMAGES } from '../../../../electron/common/schemas/ask';
import { CHOICE_LETTERS } from './reasoningSlice';
import { imageDataUrl } from './imageDataUrl';
import { PromptMeter } from './PromptMeter';
import { RunView } from './RunView';
import { GenerationSettings } from './GenerationSettings';
import { attachmentTokens, parseSamplingText } from './generationSlice';

export function ReasoningPanel({ appVersion }: { appVersion: string }) {
  const question = useAppStore((s) => s.question);
  const setQuestion = useAppStore((s) => s.setQuestion);
  const specialty = useAppStore((s) => s.specialtyChoice);
  const setSpecialty = useAppStore((s) => s.setSpecialtyChoice);
  const perspective = useAppStore((s) => s.perspectiveChoice);
  const setPerspective = useAppStore((s) => s.setPerspectiveChoice);
  const maxNewTokens = useAppStore((s) => s.maxNewTokens);
  const choices = useAppStore((s) => s.choices);
  const setChoice = useAppStore((s) => s.setChoice);
  const filledChoices = Object.values(choices).filter((c) => c.trim() !== '').length;
  const setMaxNewTokens = useAppStore((s) => s.setMaxNewTokens);
  const modelsError = useAppStore((s) => s.modelsError);
  const attachments = useAppStore((s) => s.attachments);
  const attachmentSources = useAppStore((s) => s.attachmentSources);
  const dicomSource = useAppStore((s) => s.dicomSource);
  const studyOrigins = useAppStore((s) => s.studyOrigins);
  const srSaveRequest = useAppStore((s) => s.srSaveRequest);
  const [srStatus, setSrStatus] = useState<string>();
  const [srError, setSrError] = useState<ReturnType<typeof describeError>>();
  const detach = useAppStore((s) => s.detach);
  const captureView = useAppStore((s) => s.captureView);
  const unreadable = useAppStore((s) => s.unreadable);
  const attachNotice = useAppStore((s) => s.attachNotice);
  const studyContext = useAppStore((s) => s.studyContext);
  const run = useAppStore((s) => s.run);
  const ask = useAppStore((s) => s.ask);
  const stop = useAppStore((s) => s.stop);
  const saveTarget = useAppStore((s) => s.saveTarget);
  const afterAsk = useAppStore((s) => s.afterAsk);
  const model = useAppStore(selectActiveModel);
  const server = useAppStore((s) => (s.backend?.kind === 'server' ? s.backend.server : null));
  const modelsLoaded = useAppStore((s) => s.modelsLoaded);
  const setModelsOpen = useAppStore((s) => s.setModelsOpen);
  const samplingText = useAppStore((s) => s.samplingText);
  const imageDetail = useAppStore((s) => s.imageDetail);
  const samplingInvalid = Object.keys(parseSamplingText(samplingText).problems).length > 0;
  // Vision tokens per attached image: the local model's bounds, the chosen detail (none for a server).
  const imageTokens = attachments.map((image) =>
    server ? undefined : attachmentTokens(image, model, imageDetail),
  );
  const totalImageTokens = imageTokens.every((n) => n !== undefined)
    ? imageTokens.reduce<number>((sum, n) => sum + (n ?? 0), 0)
    : undefined;
  const [keepNames, setKeepNames] = useState(false);
  const [guidelinesOpen, setGuidelinesOpen] = useState(false);
  const [captureError, setCaptureError] = useState<ReturnType<typeof describeError>>();
  const running = run?.status === 'running';
  // The case a finished run was saved to becomes the open case (also after a
  // run retried once the user agreed to send to a server).
  const runId = run?.id;
  const savedCaseId = run?.result?.caseId;
  useEffect(() => {
    if (runId !== undefined && savedCaseId) void afterAsk(savedCaseId);
  }, [runId, savedCaseId, afterAsk]);

  // Esc stops a running answer from anywhere but a dialog (where it closes the dialog).
  useEffect(() => {
    if (!running) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      stop();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [running, stop]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setCaptureError(undefined);
    let images = attachments;
    let sources = attachmentSources;
    if (images.length === 0 && captureView) {
      try {
        images = [await captureView()];
        sources = [dicomSource ?? null];
      } catch (error) {
        setCaptureError(describeError(error));
        return;
      }
    }
    setSrStatus(undefined);
    setSrError(undefined);
    await ask(images, studyContext, { sources, saveTo: saveTarget() });
  };

  const loadedGuidelines = () =>
    api.listGuidelines({}).then(
      (list) => list.packs.flatMap((p) => p.guidelines),
      () => [],
    );
  const studyUid = run ? runStudyUid(run) : undefined;
  const origin = studyUid ? studyOrigins[studyUid] : undefined;

  /** File › Save reasoning as DICOM SR…, or Send to PACS when the study came from one. */
  const saveSr = async (target: 'file' | 'pacs') => {
    if (!run) return;
    setSrError(undefined);
    try {
      const sr = buildRunSr(run, await loadedGuidelines());
      if (!sr) return;
      if (target === 'file') {
        const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
        downloadBytes(`reasoning-${stamp}.dcm`, sr, 'application/dicom');
        setSrStatus('Saved the reasoning as a DICOM SR.');
      } else if (origin) {
        setSrStatus('Sending to the PACS…');
        await api.storeToPacs({ serverId: origin, bytes: new Uint8Array(sr) });
        setSrStatus('The PACS stored the reasoning SR in the study.');
      }
    } catch (error) {
      setSrStatus(undefined);
      setSrError(describeError(error));
    }
  };

  const exportAs = async (kind: 'md' | 'json') => {
    if (!run) return;
    // The loaded guidelines name each cited guideline (title, version, edition,
    // review date, link) where a citation does not carry it; without them the
    // export still has what the citations carry.
    const guidelines = await api.listGuidelines({}).then(
      (list) => list.packs.flatMap((p) => p.guidelines),
      () => [],
    );
    const options = { keepFileNames: keepNames, appVersion, guidelines };
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (kind === 'md')
      downloadText(`case-${stamp}.md`, buildCaseMarkdown(run, options), 'text/markdown');
    else
      downloadText(
        `case-${stamp}.json`,
        `${JSON.stringify(buildCaseJson(run, options), null, 2)}\n`,
        'application/json',
      );
  };

  // File › Save Reasoning as DICOM SR… (a menu command; nothing to save before a result).
  const saveSrRef = useRef(saveSr);
  saveSrRef.current = saveSr;
  useEffect(() => {
    if (srSaveRequest > 0) void saveSrRef.current('file');
  }, [srSaveRequest]);

  return (
    <div className="reasoning">
      <div className="model-line">
        {server ? (
          <span className="model-name" data-testid="active-model">
            {server.model} on {server.host}
          </span>
        ) : model ? (
          <span
            className={model.demo ? 'model-name demo' : 'model-name'}
            title={modelLabel(model)}
            data-testid="active-model"
          >
            {modelLabel(model)}
          </span>
        ) : (
          <span className="model-name missing">
            {modelsLoaded ? 'No model selected' : 'Loading models…'}
          </span>
        )}
        <span className="model-actions">
          <button type="button" onClick={() => setGuidelinesOpen(true)}>
            Guidelines…
          </button>
          <button type="button" onClick={() => setModelsOpen(true)}>
            Models…
          </button>
        </span>
      </div>
      {modelsError ? <ErrorNotice error={modelsError} /> : null}
      <form className="ask-form" onSubmit={(e) => void onSubmit(e)}>
        <label htmlFor="question">Question</label>
        <textarea
          id="question"
          rows={run ? 2 : 3}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
          placeholder="e.g. What is the most likely diagnosis, and what follow-up do the guidelines recommend?"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey))
              e.currentTarget.form?.requestSubmit();
          }}
        />
        <div className="ask-options">
          <SpecialtySelect
            value={specialty}
            onChange={setSpecialty}
            any={{ value: 'auto', label: 'Automatic' }}
          />
          <label>
            Perspective
            <select
              value={perspective}
              onChange={(e) => setPerspective(e.currentTarget.value as PerspectiveChoice)}
            >
              {PERSPECTIVES.map((p) => (
                <option key={p} value={p} title={PERSPECTIVE_LABELS[p].hint}>
                  {PERSPECTIVE_LABELS[p].title}
                </option>
              ))}
              <option value="all">All four + consensus</option>
            </select>
          </label>
          <label>
            Max length
            <select
              value={maxNewTokens}
              onChange={(e) => setMaxNewTokens(Number(e.currentTarget.value))}
            >
              {[256, 512, 1024, 2048, 4096].map((n) => (
                <option key={n} value={n}>
                  {n} tokens
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="ask-details">
          <details className="choices">
            <summary>
              Answer options (multiple choice){filledChoices ? ` · ${filledChoices} given` : ''}
            </summary>
            {CHOICE_LETTERS.map((letter) => (
              <label key={letter}>
                {letter}
                <input
                  value={choices[letter]}
                  onChange={(e) => setChoice(letter, e.currentTarget.value)}
                  aria-label={`Option ${letter}`}
                />
              </label>
            ))}
          </details>
          <GenerationSettings />
        </div>
        {attachments.length > 0 ? (
          <ul className="attachments" aria-label="Images sent with the question">
            {attachments.map((image, i) => (
              <li key={`${image.name}-${i}`} title={`${i + 1}. ${image.name}`}>
                <img src={imageDataUrl(image)} alt="" />
                <span className="attachment-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="visually-hidden">
                  {i + 1}. {image.name}
                </span>
                {imageTokens[i] !== undefined ? (
                  <span className="attachment-tokens" title={`${imageTokens[i]} vision tokens`}>
                    {imageTokens[i]} tok
                  </span>
                ) : null}
                <button type="button" onClick={() => detach(i)} aria-label={`Remove ${image.name}`}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {attachNotice ? (
          <p className="attach-notice" role="status">
            {attachNotice}
          </p>
        ) : null}
        <PromptMeter />
        <div className="ask-actions">
          {attachments.length === 0 ? (
            <p className="hint" data-testid="image-hint">
              {unreadable
                ? `${unreadable} cannot be read, so the question goes as text only.`
                : captureView
                  ? 'The image in the viewer is sent as displayed.'
                  : 'No image open: the question is asked as text only.'}
            </p>
          ) : (
            <p className="hint">
              {attachments.length} of {MAX_ASK_IMAGES} images attached
              {totalImageTokens !== undefined
                ? ` · ${totalImageTokens.toLocaleString('en')} vision tokens`
                : ''}
            </p>
          )}
          {running ? (
            // Distinct keys: reusing one <button> would turn Stop into a submit
            // button during its own click, and the click would ask again.
            <button key="stop" type="button" className="danger" onClick={stop}>
              Stop
            </button>
          ) : (
            <button
              key="ask"
              type="submit"
              className="primary"
              disabled={(!model && !server) || question.trim() === '' || samplingInvalid}
            >
              Ask
            </button>
          )}
        </div>
      </form>
      {captureError ? <ErrorNotice error={captureError} /> : null}
      {run ? <RunView run={run} /> : null}
      <GuidelinesDialog open={guidelinesOpen} onClose={() => setGuidelinesOpen(false)} />
      {run && run.status !== 'running' ? (
        <div className="export">
          <button type="button" onClick={() => void exportAs('md')}>
            Export Markdown
          </button>
          <button type="button" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
          {run.result ? (
            <button type="button" onClick={() => void saveSr('file')}>
              Save as DICOM SR
            </button>
          ) : null}
          {run.result && origin ? (
            <button type="button" onClick={() => void saveSr('pacs')}>
              Send to PACS
            </button>
          ) : null}
          <label>
            <input
              type="checkbox"
              checked={keepNames}
              onChange={(e) => setKeepNames(e.currentTarget.checked)}
            />{' '}
            keep file names (may identify the patient)
          </label>
          {srStatus ? <p role="status">{srStatus}</p> : null}
          {srError ? <ErrorNotice error={srError} /> : null}
        </div>
      ) : null}
    </div>
  );
}
