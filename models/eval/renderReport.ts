import type { Accuracy, EvalReport } from './buildReport';
import type { Calibration } from './calibration';
import { categoryReliabilityFile, runFiles } from './runDir';

const eceCell = (c: Calibration | undefined) =>
  c?.ece == null ? '— | 0' : `${(c.ece * 100).toFixed(2)} | ${c.n}`;

const fmt = (a: Accuracy) =>
  a.accuracy === null
    ? '— | — | 0'
    : `${a.accuracy.toFixed(2)} | ${a.ci95.low.toFixed(2)}–${a.ci95.high.toFixed(2)} | ${a.correct}/${a.n}`;

/** Markdown table cells must not break the row. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

const MAX_LISTED = 200;

function listIds(title: string, items: Array<{ id: string; error?: string }>): string[] {
  if (items.length === 0) return [];
  const shown = items
    .slice(0, MAX_LISTED)
    .map((x) => (x.error ? `- \`${x.id}\`: ${x.error}` : `- \`${x.id}\``));
  const more =
    items.length > MAX_LISTED
      ? [`- … and ${items.length - MAX_LISTED} more (see report.json)`]
      : [];
  return [`## ${title}`, '', ...shown, ...more, ''];
}

/** RUN_DIR/report.md: what a reader needs to judge the run, demo warning first. */
export function renderReport(r: EvalReport): string {
  const out: string[] = [];
  out.push(`# ${r.title} — ${r.model.name}`, '');
  if (r.model.demo) {
    out.push(
      `> **DEMO MODEL — these numbers say nothing about medical ability.** The model is ${r.model.demoReason ?? 'a demo model'}.`,
      '> It exists to test the harness; compare only a real exported model with the published results below.',
      '',
    );
  }
  if (!r.complete) {
    out.push(
      `> **Incomplete run:** ${r.counts.pending} question(s) not yet asked and ${r.counts.modelErrors} failed in the model. Rerun with --resume to finish.`,
      '',
    );
  }
  if (r.counts.badData > 0) {
    out.push(
      `> **${r.counts.badData} question(s) could not be asked (bad data)** and are left out of the accuracy, which is over ${r.counts.answered} of ${r.counts.selected} selected questions.`,
      '',
    );
  }
  out.push(
    `- Model folder: \`${r.model.dir}\``,
    `- Data: \`${r.data}\``,
    `- Perspective: ${r.perspective ?? 'none (direct answer, official prompt)'}`,
    `- Questions: ${r.counts.selected} selected, ${r.counts.answered} answered, ${r.counts.badData} bad data, ${r.counts.modelErrors} model errors, ${r.counts.pending} pending`,
    '',
    '## Accuracy',
    '',
    '| | accuracy % | 95 % CI (Wilson) | correct/n |',
    '|---|---:|---:|---:|',
    `| overall | ${fmt(r.overall)} |`,
    '',
    `Invalid (unparseable) answers: ${r.invalid.count}${r.invalid.ratePercent === null ? '' : ` (${r.invalid.ratePercent.toFixed(2)} % of answered)`}; they count as wrong.`,
    '',
    `Throughput: ${r.throughput.tokens} tokens in ${(r.throughput.ms / 1000).toFixed(1)} s` +
      (r.throughput.tokensPerSecond === null ? '' : ` = ${r.throughput.tokensPerSecond} tokens/s`) +
      (r.throughput.msPerQuestion === null
        ? ''
        : `, ${r.throughput.msPerQuestion} ms per question`),
    '',
  );
  for (const [name, groups] of Object.entries(r.categories)) {
    out.push(
      `### By ${name}`,
      '',
      `| ${name} | accuracy % | 95 % CI (Wilson) | correct/n | ECE % | n with confidence |`,
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const [value, acc] of Object.entries(groups))
      out.push(
        `| ${cell(value)} | ${fmt(acc)} | ${eceCell(r.calibration.categories[name]?.[value])} |`,
      );
    out.push('', `[Reliability by ${name}](${categoryReliabilityFile(name)})`, '');
  }
  const cal = r.calibration.overall;
  out.push(
    '## Calibration',
    '',
    cal.ece === null
      ? 'No answer has a confidence (the backend gave no option-letter logits, or no answer was written as a letter).'
      : `Expected calibration error (ECE, 10 equal-width bins of the top option probability against correctness): **${(cal.ece * 100).toFixed(2)} %** over ${cal.n} of ${r.counts.answered} answered questions.`,
    '',
    `![Reliability diagram](${runFiles.reliabilitySvg})`,
    '',
    '| confidence | questions | mean confidence % | accuracy % |',
    '|---|---:|---:|---:|',
    ...cal.bins.map(
      (b) =>
        `| ${b.low.toFixed(1)}–${b.high.toFixed(1)} | ${b.n} | ${b.confidence === null ? '—' : (b.confidence * 100).toFixed(1)} | ${b.accuracy === null ? '—' : (b.accuracy * 100).toFixed(1)} |`,
    ),
    '',
  );
  out.push(
    '## Beside published results',
    '',
    `| model | ${r.title} accuracy % | this run minus it (points) | source |`,
    '|---|---:|---:|---|',
  );
  out.push(
    `| **this run: ${cell(r.model.name)}**${r.model.demo ? ' (demo model)' : ''} | ${r.overall.accuracy?.toFixed(2) ?? '—'} | | this run |`,
  );
  for (const p of r.published) {
    const delta =
      p.deltaPoints === null ? '—' : `${p.deltaPoints > 0 ? '+' : ''}${p.deltaPoints.toFixed(2)}`;
    out.push(`| ${p.model} | ${p.accuracy.toFixed(2)} | ${delta} | ${p.source} |`);
  }
  out.push(
    '',
    'All published numbers are those reported in the MMedExpert-R1 paper (arXiv 2601.10949), baselines included; they were',
    'measured with their authors’ prompts and answer extraction on the full test set, so a subset (--limit) or a run with',
    'bad-data questions is not directly comparable. Compare the published number with the 95 % interval above.',
    '',
  );
  out.push(
    ...listIds(
      'Invalid answers',
      r.invalid.ids.map((id) => ({ id })),
    ),
  );
  out.push(...listIds('Bad data (not asked)', r.badData));
  out.push(...listIds('Model errors (asked again on --resume)', r.modelErrors));
  return `${out.join('\n').trimEnd()}\n`;
}
