import type { ReasoningRun } from './reasoningSlice';
import { perspectiveTitle, specialtyTitle } from './labels';

export interface CaseExportOptions {
  /** Keep original file names (they may carry patient names); off by default. */
  keepFileNames: boolean;
  appVersion: string;
}

/** The case as data: question, images, steps, citations, answer, model and packs. */
export function buildCaseJson(run: ReasoningRun, options: CaseExportOptions) {
  const result = run.result;
  return {
    format: 'mmx-case/1',
    exportedAt: new Date().toISOString(),
    app: { name: 'MMedExpert Desktop', version: options.appVersion },
    deidentified: !options.keepFileNames,
    notice: 'Decision support and education, not a diagnosis.',
    model: result?.model ?? null,
    guidelinePacks: result?.packVersions ?? [],
    question: run.question,
    specialty: result?.specialty ?? run.routing?.specialty ?? null,
    routing: run.routing ?? null,
    images: run.images.map((image, i) => ({
      name: options.keepFileNames ? image.name : `image-${i + 1}.png`,
      pngBase64: image.pngBase64,
    })),
    perspectives: run.perspectives.map((p) => ({
      perspective: p.perspective,
      steps: p.steps.map((s) => ({
        index: s.index,
        text: s.text,
        citations: s.citations,
        noGuidelineSupport: s.noGuidelineSupport,
      })),
      answer: p.answer,
      unplaced: p.unplaced,
    })),
    answer: result?.answer ?? null,
    consensus: result?.consensus ?? null,
    status: run.status,
  };
}

/** The same case as Markdown, for teaching notes and reports. */
export function buildCaseMarkdown(run: ReasoningRun, options: CaseExportOptions): string {
  const data = buildCaseJson(run, options);
  const lines: string[] = [`# Case: ${run.question}`, '', `> ${data.notice}`, ''];
  if (data.model)
    lines.push(
      `- Model: ${data.model.name}${data.model.demo ? ' — Demo, not a medical model' : ''} (${data.model.server ? `served by ${data.model.server}` : `sha256 ${data.model.sha256.slice(0, 12)}…`})`,
    );
  if (data.specialty) lines.push(`- Specialty: ${specialtyTitle(data.specialty)}`);
  if (data.guidelinePacks.length)
    lines.push(
      `- Guideline packs: ${data.guidelinePacks.map((p) => `${p.id} ${p.version}`).join(', ')}`,
    );
  lines.push(
    `- Images: ${data.images.map((i) => `\`${i.name}\``).join(', ') || 'none'}`,
    `- Exported: ${data.exportedAt}`,
    '',
  );
  // The images as the model saw them, inside the file so the case travels whole.
  for (const image of data.images)
    lines.push(`![${image.name}](data:image/png;base64,${image.pngBase64})`, '');
  for (const p of data.perspectives) {
    lines.push(`## ${perspectiveTitle(p.perspective)}`, '');
    for (const step of p.steps) {
      const refs = step.citations.map((c) => `[${c.guideline}#${c.passage}]`).join(' ');
      lines.push(
        `${step.index}. ${step.text}${refs ? ` — ${refs}` : step.noGuidelineSupport ? ' — _no guideline support_' : ''}`,
      );
    }
    for (const text of p.unplaced) lines.push('', text);
    if (p.answer)
      lines.push(
        '',
        `**Answer:** ${p.answer.letter ? `(${p.answer.letter}) ` : ''}${p.answer.text}`,
      );
    lines.push('');
  }
  if (data.consensus) {
    lines.push(
      '## Consensus',
      '',
      `Agreement ${Math.round(data.consensus.agreement * 100)} %${data.consensus.unanimous ? ' (unanimous)' : ''}.`,
    );
    for (const vote of data.consensus.votes)
      lines.push(
        `- ${vote.letter ? `(${vote.letter}) ` : ''}${vote.text}: ${vote.perspectives.join(', ')}`,
      );
    lines.push('');
  }
  const cited = new Map<string, string>();
  for (const p of data.perspectives)
    for (const s of p.steps)
      for (const c of s.citations) cited.set(`${c.guideline}#${c.passage}`, c.excerpt);
  if (cited.size) {
    lines.push('## Guideline passages cited', '');
    for (const [ref, excerpt] of cited) lines.push(`- \`${ref}\`: ${excerpt}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Saves text through the browser's download (Electron shows a save dialog). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
