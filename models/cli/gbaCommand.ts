import { readFile } from 'node:fs/promises';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { computeAdvantages, rolloutSchema } from '../tooling/gba/computeAdvantages';
import { idListChecker, packsChecker, type CitationChecker } from '../tooling/gba/guidelineReward';
import { scoreCompletion, scoreInputSchema } from '../tooling/gba/scoreCompletion';
import { readJsonl, summariseProblems } from '../tooling/readJsonl';
import {
  CliError,
  UsageError,
  defineCommand,
  numberFlag,
  requireFlag,
  type CommandIO,
} from './command';
import { writeAtomically } from './writeAtomically';

/** Writes JSONL to --out atomically, or to stdout. */
async function emitJsonl(
  lines: readonly unknown[],
  out: string | undefined,
  io: CommandIO,
): Promise<void> {
  const text = lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length > 0 ? '\n' : '');
  if (!out) {
    io.stdout.write(text);
    return;
  }
  await writeAtomically(out, text);
}

function parseWeights(value: string | undefined): [number, number, number] {
  if (value === undefined) return [1, 0.5, 0.5];
  const parts = value.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (
    parts.length !== 3 ||
    parts.some((p) => p === '') ||
    numbers.some((n) => !Number.isFinite(n))
  ) {
    throw new UsageError(
      `--weights must be three numbers accuracy,format,guideline (e.g. 1,0.5,0.5), got '${value}'`,
    );
  }
  return numbers as [number, number, number];
}

export const gbaCommand = defineCommand({
  path: ['gba'],
  usage: 'gba --in FILE [--out FILE] [--weights 1,0.5,0.5] [--lambda 0.5] [--epsilon 1e-6]',
  summary:
    'Guideline-Based Advantages: perspective-grouped advantages for RL rollouts (JSONL in, JSONL out)',
  details: [
    'Input lines: {prompt_id, perspective (differential|intuitive|analytical|bayesian), completion, rewards:{accuracy, format, guideline}}.',
    'r = weights·rewards; per prompt G and perspective p (population statistics, ε = 1e-6):',
    '  within_perspective a_i = (r_i − μ_{G,p}) / (σ_{G,p} + ε)',
    '  between_perspective b_p = (μ_{G,p} − μ_G) / (σ_G + ε)',
    '  advantage A_i = a_i + λ·b_p',
    'Output: each input line plus reward, advantage, within_perspective, between_perspective (stdout without --out).',
    "The paper does not publish its exact formula; this is the project's definition (models/tooling/README.md).",
  ].join('\n'),
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    weights: { type: 'string' },
    lambda: { type: 'string' },
    epsilon: { type: 'string' },
  },
  async run({ values }, io) {
    const file = requireFlag(values.in, 'in');
    const weights = parseWeights(values.weights);
    const lambda = numberFlag(values.lambda, 'lambda', { fallback: 0.5 })!;
    const epsilon = numberFlag(values.epsilon, 'epsilon', {
      min: Number.MIN_VALUE,
      fallback: 1e-6,
    })!;
    const { rows, problems } = await readJsonl(file, rolloutSchema);
    if (problems.length > 0) throw new CliError(summariseProblems(file, problems));
    const terms = computeAdvantages(
      rows.map((r) => r.value),
      { weights, lambda, epsilon },
    );
    await emitJsonl(
      rows.map((r, i) => ({ ...r.raw, ...terms[i]! })),
      values.out,
      io,
    );
    if (values.out)
      io.stdout.write(
        `wrote ${rows.length} rollouts of ${new Set(rows.map((r) => r.value.prompt_id)).size} prompt(s) to ${values.out}\n`,
      );
  },
});

async function checkerFor(ids: string | undefined, dirs: string[]): Promise<CitationChecker> {
  if (ids) {
    const text = await readFile(ids, 'utf8').catch(() => {
      throw new UsageError(`cannot read --ids file ${ids}`);
    });
    const list = text.trim().startsWith('[') ? (JSON.parse(text) as unknown) : text.split('\n');
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
      throw new UsageError(`--ids ${ids} must be a JSON list of strings or one id per line`);
    return idListChecker((list as string[]).map((s) => s.trim()).filter(Boolean));
  }
  return packsChecker(loadGuidelinePacks({ dirs }).map((l) => l.pack));
}

export const gbaScoreCommand = defineCommand({
  path: ['gba', 'score'],
  usage: 'gba score --in FILE [--out FILE] [--guidelines DIR ...] [--ids FILE]',
  summary: 'score completions: accuracy, format and guideline rewards (JSONL in, JSONL out)',
  details: [
    'Input lines: {completion, label (option letter or answer text), options?: {A: text, ...}, ...}; other fields pass through.',
    'Output: each line plus rewards:{accuracy, format, guideline}, ready for `mmx gba`.',
    '  --guidelines DIR  extra guideline pack folders (the bundled packs are always used)',
    '  --ids FILE        plain id check instead of the citation linker: known `guideline#passage` ids, one a line or a JSON list',
  ].join('\n'),
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    guidelines: { type: 'string', multiple: true },
    ids: { type: 'string' },
  },
  async run({ values }, io) {
    const file = requireFlag(values.in, 'in');
    const { rows, problems } = await readJsonl(file, scoreInputSchema);
    if (problems.length > 0) throw new CliError(summariseProblems(file, problems));
    const checker = await checkerFor(values.ids, values.guidelines ?? []);
    await emitJsonl(
      rows.map((r) => ({ ...r.raw, rewards: scoreCompletion(r.value, checker) })),
      values.out,
      io,
    );
    if (values.out) io.stdout.write(`scored ${rows.length} completion(s) into ${values.out}\n`);
  },
});
