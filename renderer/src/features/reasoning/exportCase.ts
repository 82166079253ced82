import { toBase64 } from '../../../../electron/common/jsonBytes';
import type { Citation } from '../../../../electron/common/schemas/reasoning';
import { encodeRgbPng, strokeBoxesRgb } from '../../../../models/dicom/index';
import { answerLine, optionText } from '../../../../models/reasoning/answerLine';
import { probabilitiesLine } from '../../../../models/reasoning/answerProbabilities';
import { runGuidelineChecks } from '../../../../models/reasoning/runGuidelineChecks';
import {
  guidelineLookup,
  stepsWithGuidelineDetails,
  summarisesLine,
  type GuidelineEntry,
} from '../../../../models/reasoning/citationDetails';
import {
  chosenBy,
  FROM_CHAIN_HINT,
  FROM_CHAIN_TEXT,
  JUDGE_HINT,
  scoresText,
  SUPPORT_HINT,
  UNKNOWN_CITATION_HINT,
  UNSUPPORTED_CITATION_HINT,
} from '../../../../models/reasoning/citationLabels';
import { describeRouting } from './describeRouting';
import { regionText } from './regionText';
import { perspectiveTitle } from './labels';
import type { RunState } from './reasoningSlice';

export interface CaseExportOptions {
  /** Keep original file names (they may carry patient names); off by default. */
  keepFileNames: boolean;
  appVersion: string;
  /**
   * The loaded guidelines (the bridge's guideline list): they fill a
   * citation's title, version, edition, review date and link where the
   * citation does not carry them, so the export stands on its own.
   */
  guidelines?: readonly GuidelineEntry[];
}

/**
 * The case as data: everything the panel shows. Question, options, images
 * (the pixels the model saw, as PNG), routing, every step whole (citations
 * with guideline details, score and who chose them; "no guideline support";
 * the ids the model invented), answers with the chosen option's text,
 * consensus, model and packs.
 */
export function buildCaseJson(run: RunState, options: CaseExportOptions) {
  const result = run.result;
  const lookup = guidelineLookup(options.guidelines ?? []);
  const choices = run.options ?? {};
  const answer = result?.answer ?? null;
  const routing = run.routing ? describeRouting(run.routing) : undefined;
  return {
    format: 'mmx-case/1',
    exportedAt: new Date().toISOString(),
    app: { name: 'MMedExpert Desktop', version: options.appVersion },
    deidentified: !options.keepFileNames,
    notice: 'Decision support and education, not a diagnosis.',
    model: result?.model ?? null,
    guidelinePacks: result?.packVersions ?? [],
    question: run.question,
    options: choices,
    specialty: result?.specialty ?? run.routing?.specialty ?? null,
    routing: run.routing
      ? { ...run.routing, summary: routing?.line, ...(routing?.note ? { note: routing.note } : {}) }
      : null,
    images: run.images.map((image, i) => ({
      name: options.keepFileNames ? image.name : `image-${i + 1}.png`,
      // The pixels the model saw, as PNG (the export's format since mmx-case/1).
      pngBase64: toBase64(encodeRgbPng(image)),
    })),
    perspectives: run.perspectives.map((p) => ({
      perspective: p.perspective,
      steps: stepsWithGuidelineDetails(p.steps, lookup),
      answer: p.answer,
      answerText: optionText(p.answer, choices),
      answerProbabilities: p.answerProbabilities ?? null,
      unplaced: p.unplaced,
      // The same check the panel shows, with the inputs the user corrected.
      guidelineChecks: runGuidelineChecks(p, choices, run.checkInputs?.[p.key]),
    })),
    answer,
    answerText: optionText(answer, choices),
    answerProbabilities: result?.answerProbabilities ?? null,
    consensus: result?.consensus ?? null,
    status: run.status,
  };
}

type CaseJson = ReturnType<typeof buildCaseJson>;

/** "[fleischner-2017#solid-6-8mm] (chosen by the linker, support 80 %, judge 91 %)". */
const citationRef = (c: Citation) =>
  `[${c.guideline}#${c.passage}] (${chosenBy(c.source)}, ${scoresText(c)})`;

/** "Title, version 2017 · Summarises: … · reviewed … · <url>" for the passages list. */
function guidelineLine(c: Citation): string {
  const parts = [
    [c.title, c.version ? `version ${c.version}` : undefined].filter(Boolean).join(', '),
    summarisesLine(c),
    c.url ? `<${c.url}>` : undefined,
  ].filter(Boolean);
  return parts.join(' · ');
}

/** Each image of the run as PNG with the steps' boxes drawn on it (Markdown cannot overlay). */
function imagesWithRegions(run: RunState): string[] {
  return run.images.map((image, i) => {
    const boxes = run.perspectives.flatMap((p) =>
      p.steps.flatMap((s) =>
        (s.regions ?? []).flatMap((r) =>
          r.image === i + 1 && r.imageBox
            ? [{ box: r.imageBox, point: r.point !== undefined }]
            : [],
        ),
      ),
    );
    const rgb = boxes.length ? strokeBoxesRgb(image, boxes) : image.rgb;
    return toBase64(encodeRgbPng({ width: image.width, height: image.height, rgb }));
  });
}

function stepLine(step: CaseJson['perspectives'][number]['steps'][number]): string {
  const marks = [
    ...(step.regions?.length ? [`located: ${step.regions.map(regionText).join('; ')}`] : []),
    ...step.citations.map(citationRef),
    ...step.unknownCitations.map((ref) => `unknown citation: [${ref}] (${UNKNOWN_CITATION_HINT})`),
    ...step.unsupportedCitations.map(
      (ref) => `unsupported citation: [${ref}] (${UNSUPPORTED_CITATION_HINT})`,
    ),
  ];
  if (step.noGuidelineSupport && step.citations.length === 0) marks.push('_no guideline support_');
  return `${step.index}. ${step.text}${marks.length ? ` — ${marks.join('; ')}` : ''}`;
}

/** The same case as Markdown, for teaching notes and reports. */
export function buildCaseMarkdown(run: RunState, options: CaseExportOptions): string {
  const data = buildCaseJson(run, options);
  const routing = run.routing ? describeRouting(run.routing) : undefined;
  const lines: string[] = [`# Case: ${run.question}`, '', `> ${data.notice}`, ''];
  if (data.model)
    lines.push(
      `- Model: ${data.model.name}${data.model.demo ? ' — Demo, not a medical model' : ''} (${data.model.server ? `served by ${data.model.server}` : `sha256 ${data.model.sha256.slice(0, 12)}…`})`,
    );
  if (routing) {
    lines.push(`- Specialty: ${routing.line}`);
    if (routing.note) lines.push(`- **Note:** ${routing.note}`);
    if (routing.reasons.length) lines.push(`- Why this specialty: ${routing.reasons.join('; ')}`);
  } else if (data.specialty) lines.push(`- Specialty: ${data.specialty}`);
  if (data.guidelinePacks.length)
    lines.push(
      `- Guideline packs: ${data.guidelinePacks.map((p) => `${p.id} ${p.version}`).join(', ')}`,
    );
  lines.push(
    `- Images: ${data.images.map((i) => `\`${i.name}\``).join(', ') || 'none'}`,
    `- Exported: ${data.exportedAt}`,
    '',
  );
  const letters = Object.entries(data.options);
  if (letters.length) {
    lines.push('## Options', '');
    for (const [letter, text] of letters) lines.push(`- ${letter}: ${text}`);
    lines.push('');
  }
  // The images as the model saw them, inside the file so the case travels
  // whole, with the boxes the steps located drawn on them.
  const drawn = imagesWithRegions(run);
  data.images.forEach((image, i) =>
    lines.push(`![${image.name}](data:image/png;base64,${drawn[i] ?? image.pngBase64})`, ''),
  );
  for (const p of data.perspectives) {
    lines.push(`## ${perspectiveTitle(p.perspective)}`, '');
    for (const step of p.steps) lines.push(stepLine(step));
    for (const text of p.unplaced) lines.push('', text);
    if (p.answer) lines.push('', `**Answer:** ${answerLine(p.answer, data.options)}`);
    if (p.answer && p.answerProbabilities)
      lines.push('', `Confidence: ${probabilitiesLine(p.answerProbabilities)}`);
    for (const check of p.guidelineChecks) {
      const inputs = Object.entries(check.inputs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      lines.push(
        '',
        `**Guideline check (${check.calculator}):** inputs ${inputs || 'none stated'}.`,
      );
      if (check.missing.length) lines.push(`Missing inputs: ${check.missing.join(', ')}.`);
      if (check.refusal) lines.push(`No result: ${check.refusal}.`);
      if (check.result)
        lines.push(
          `${check.result.recommendation} [${check.result.guideline}#${check.result.passage}]`,
        );
      if (check.contradiction) lines.push(`**Contradiction:** ${check.contradiction}`);
    }
    lines.push('');
  }
  if (data.consensus) {
    lines.push(
      '## Consensus',
      '',
      `Agreement ${Math.round(data.consensus.agreement * 100)} %${data.consensus.unanimous ? ' (unanimous)' : ''}.`,
    );
    if (data.answerProbabilities)
      lines.push('', `Mean confidence: ${probabilitiesLine(data.answerProbabilities)}`, '');
    for (const vote of data.consensus.votes)
      lines.push(
        `- ${answerLine(vote, data.options)}: ${vote.perspectives.map(perspectiveTitle).join(', ')}`,
      );
    lines.push('');
  }
  const cited = new Map<string, Citation>();
  // Whether any citation line says "from the chain's earlier steps", for the legend.
  let fromChain = false;
  for (const p of data.perspectives)
    for (const s of p.steps)
      for (const c of s.citations) {
        const ref = `${c.guideline}#${c.passage}`;
        if (!cited.has(ref)) cited.set(ref, c);
        if (c.fromChain) fromChain = true;
      }
  if (cited.size) {
    // The legend of the scores each citation line gives.
    lines.push(
      '## Guideline passages cited',
      '',
      [SUPPORT_HINT, JUDGE_HINT, fromChain ? `"${FROM_CHAIN_TEXT}": ${FROM_CHAIN_HINT}` : '']
        .filter(Boolean)
        .join(' '),
      '',
    );
    for (const [ref, c] of cited) {
      const source = guidelineLine(c);
      lines.push(`- \`${ref}\`${c.heading ? ` — ${c.heading}` : ''}: ${c.excerpt}`);
      if (source) lines.push(`  ${source}`);
    }
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
