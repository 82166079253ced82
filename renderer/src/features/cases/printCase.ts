import type { CaseRun, CaseView } from '../../../../electron/common/schemas/cases';
import { desktopPrintToPdf } from '../../bridge/api';
import { regionText } from '../reasoning/regionText';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function modelText(run: CaseRun): string {
  return run.model.kind === 'local'
    ? `${run.model.name} (sha256 ${run.model.sha256.slice(0, 12)}…)`
    : `${run.model.name} at ${run.model.server}`;
}

/**
 * The steps' boxes over image `index` of a run, placed in percent of the
 * image as sent (each region's imageBox), so they scale with the printed
 * picture; none when the case does not know the image's size.
 */
function regionMarks(
  run: CaseRun,
  index: number,
  size: { width?: number; height?: number } | undefined,
): HTMLElement[] {
  const { width, height } = size ?? {};
  if (!width || !height) return [];
  return run.steps.flatMap((step) =>
    (step.regions ?? []).flatMap((region) => {
      if (region.image !== index || !region.imageBox) return [];
      const [x1, y1, x2, y2] = region.imageBox;
      const mark = el(
        'span',
        region.label || undefined,
        region.point ? 'print-point' : 'print-box',
      );
      mark.style.left = `${(x1 / width) * 100}%`;
      mark.style.top = `${(y1 / height) * 100}%`;
      mark.style.width = `${((x2 - x1) / width) * 100}%`;
      mark.style.height = `${((y2 - y1) / height) * 100}%`;
      return [mark];
    }),
  );
}

function runSection(view: CaseView, run: CaseRun): HTMLElement {
  const section = el('section', undefined, 'print-run');
  section.append(el('h2', run.question));
  const images = el('div', undefined, 'print-images');
  run.imageIds.forEach((sha, i) => {
    const image = view.images.find((v) => v.sha256 === sha);
    if (!image) return;
    const figure = el('span', undefined, 'print-figure');
    const img = el('img');
    img.src = `data:image/png;base64,${image.pngBase64}`;
    img.alt = 'Image sent to the model';
    figure.append(img);
    figure.append(
      ...regionMarks(
        run,
        i + 1,
        view.case.images.find((c) => c.sha256 === sha),
      ),
    );
    images.append(figure);
  });
  section.append(images);
  const letters = Object.keys(run.options);
  if (letters.length > 0) {
    const options = el('ul', undefined, 'print-options');
    for (const letter of letters.sort())
      options.append(el('li', `${letter}. ${run.options[letter]}`));
    section.append(options);
  }
  const steps = el('ol', undefined, 'print-steps');
  for (const step of run.steps) {
    const li = el('li', step.text);
    if (step.regions?.length)
      li.append(el('div', `Located: ${step.regions.map(regionText).join('; ')}`, 'print-citation'));
    for (const c of step.citations) {
      const source = [c.title ?? c.guideline, c.version, c.heading ?? c.passage]
        .filter(Boolean)
        .join(', ');
      li.append(el('div', `Cited: ${source}${c.url ? ` — ${c.url}` : ''}`, 'print-citation'));
    }
    if (step.noGuidelineSupport && step.citations.length === 0)
      li.append(el('div', 'no guideline support', 'print-citation'));
    steps.append(li);
  }
  section.append(steps);
  const letter = run.answer?.letter;
  section.append(
    el(
      'p',
      `Answer: ${letter && run.options[letter] ? `${letter} — ${run.options[letter]}` : run.answerText || 'none'}`,
      'print-answer',
    ),
  );
  section.append(
    el(
      'p',
      `Model: ${modelText(run)} · specialty ${run.specialty} · ${run.created.slice(0, 16).replace('T', ' ')} UTC`,
      'print-meta',
    ),
  );
  return section;
}

/**
 * Prints a case, or one run of it, through the print stylesheet (only
 * `#print-root` is shown on paper): the images, steps, citations with their
 * sources, the model and the decision-support notice. In the desktop app
 * it is saved as a PDF (Electron printToPDF, the user picks where); in the
 * browser it is the browser's print dialog (which also saves PDF).
 */
export function printCase(view: CaseView, runId?: string): void {
  document.getElementById('print-root')?.remove();
  const root = el('div');
  root.id = 'print-root';
  root.append(el('h1', view.case.title));
  root.append(
    el(
      'p',
      'Decision support and education, not a diagnosis. A clinician checks every finding.',
      'print-notice',
    ),
  );
  if (view.case.notes) root.append(el('p', `Notes: ${view.case.notes}`, 'print-notes'));
  for (const run of view.case.runs)
    if (!runId || run.id === runId) root.append(runSection(view, run));
  document.body.append(root);
  document.body.classList.add('printing');
  const done = () => {
    document.body.classList.remove('printing');
    root.remove();
    window.removeEventListener('afterprint', done);
  };
  if (desktopPrintToPdf) {
    void desktopPrintToPdf(view.case.title).finally(done);
    return;
  }
  window.addEventListener('afterprint', done);
  window.print();
}
