import { readFile } from 'node:fs/promises';
import { convertMedXpertQa, convertOmniMedVqa } from '../tooling/dataset/convertBenchmarks';
import { datasetStats, formatDatasetStats } from '../tooling/dataset/datasetStats';
import { exportSft, type SftStyle } from '../tooling/dataset/exportSft';
import { SPECIALTIES, isSpecialty } from '../../electron/common/schemas/specialties';
import { sampleJsonSchema, type Sample } from '../tooling/dataset/sampleSchema';
import { validateDataset } from '../tooling/dataset/validateDataset';
import { summariseProblems } from '../tooling/readJsonl';
import {
  CliError,
  UsageError,
  defineCommand,
  requireFlag,
  writeJson,
  type Command,
} from './command';
import { writeAtomically } from './writeAtomically';

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`give exactly one ${what}`);
  return positionals[0]!;
}

/** Loads a dataset file, failing with the first problem when any line is invalid. */
async function loadValid(file: string): Promise<Sample[]> {
  const { samples, problems } = validateDataset(await readText(file));
  if (problems.length > 0)
    throw new CliError(`${summariseProblems(file, problems)} — run 'mmx dataset validate ${file}'`);
  return samples;
}

export const datasetValidateCommand = defineCommand({
  path: ['dataset', 'validate'],
  usage: 'dataset validate FILE [--json]',
  summary: 'check an MMedExpert JSONL dataset; prints every problem with its line',
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const file = onePositional(positionals, 'dataset file (JSONL)');
    const { samples, problems } = validateDataset(await readText(file));
    if (values.json)
      writeJson(io, { file, valid: problems.length === 0, samples: samples.length, problems });
    else for (const p of problems) io.stdout.write(`${file}:${p.line}: ${p.message}\n`);
    if (problems.length > 0) throw new CliError(`${problems.length} problem(s) in ${file}`);
    if (!values.json) io.stdout.write(`${file}: ${samples.length} valid samples\n`);
  },
});

export const datasetStatsCommand = defineCommand({
  path: ['dataset', 'stats'],
  usage: 'dataset stats FILE [--json]',
  summary: 'samples per specialty, reasoning steps per perspective, images per modality',
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const stats = datasetStats(await loadValid(onePositional(positionals, 'dataset file (JSONL)')));
    if (values.json) writeJson(io, stats);
    else io.stdout.write(`${formatDatasetStats(stats)}\n`);
  },
});

export const datasetConvertCommand = defineCommand({
  path: ['dataset', 'convert'],
  usage:
    'dataset convert --from medxpertqa-mm|omnimedvqa IN --out FILE [--specialty S] [--licence TEXT] [--skip-bad]',
  summary: 'convert MedXpertQA-MM (JSONL) or OmniMedVQA (JSON list) into MMedExpert samples',
  details: [
    '  --specialty S   put every sample in one specialty; default: a keyword heuristic (models/tooling/README.md)',
    `                  specialties: ${SPECIALTIES.join(', ')}`,
    "  --licence TEXT  licence recorded on each sample (default 'unspecified'; check the source's terms)",
    '  --skip-bad      write the samples that convert and report the rest, instead of failing',
  ].join('\n'),
  options: {
    from: { type: 'string' },
    out: { type: 'string' },
    specialty: { type: 'string' },
    licence: { type: 'string' },
    'skip-bad': { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const from = requireFlag(values.from, 'from');
    if (from !== 'medxpertqa-mm' && from !== 'omnimedvqa')
      throw new UsageError(`--from must be medxpertqa-mm or omnimedvqa, got '${from}'`);
    const input = onePositional(positionals, 'input file');
    const out = requireFlag(values.out, 'out');
    const specialty = values.specialty;
    if (specialty !== undefined && !isSpecialty(specialty)) {
      throw new UsageError(
        `--specialty must be one of ${SPECIALTIES.join(', ')}, got '${specialty}'`,
      );
    }
    const options = { specialty, licence: values.licence };
    const text = await readText(input);
    const { samples, problems } =
      from === 'medxpertqa-mm'
        ? convertMedXpertQa(text, options)
        : convertOmniMedVqa(text, options);
    if (problems.length > 0 && !values['skip-bad'])
      throw new CliError(
        `${summariseProblems(input, problems)} (nothing written; --skip-bad keeps the rest)`,
      );
    for (const p of problems) io.stderr.write(`skipped ${input}:${p.line}: ${p.message}\n`);
    await writeAtomically(
      out,
      samples.map((s) => JSON.stringify(s)).join('\n') + (samples.length > 0 ? '\n' : ''),
    );
    io.stdout.write(
      `wrote ${samples.length} samples to ${out}${problems.length > 0 ? ` (${problems.length} skipped)` : ''}\n`,
    );
  },
});

export const datasetExportSftCommand = defineCommand({
  path: ['dataset', 'export-sft'],
  usage: 'dataset export-sft FILE --out DIR [--style llamafactory|trl]',
  summary:
    'one chat-format JSONL per specialty for Domain-Specific Adaptation (SFT of each expert)',
  details:
    '  --style  llamafactory (messages with <image> placeholders + images, and dataset_info.json; default) or trl (content parts)',
  options: { out: { type: 'string' }, style: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const style = values.style ?? 'llamafactory';
    if (style !== 'llamafactory' && style !== 'trl')
      throw new UsageError(`--style must be llamafactory or trl, got '${style}'`);
    const file = onePositional(positionals, 'dataset file (JSONL)');
    const out = requireFlag(values.out, 'out');
    const samples = await loadValid(file);
    const result = await exportSft(samples, out, style as SftStyle);
    const files = Object.entries(result.files).map(([f, n]) => `${f} (${n})`);
    io.stdout.write(
      `wrote ${files.length > 0 ? files.join(', ') : 'no files'} to ${out}; skipped ${result.skippedWithoutReasoning} sample(s) without reasoning\n`,
    );
  },
});

export const datasetSchemaCommand = defineCommand({
  path: ['dataset', 'schema'],
  usage: 'dataset schema [--out FILE]',
  summary: 'the MMedExpert sample format as JSON Schema',
  options: { out: { type: 'string' } },
  async run({ values }, io) {
    const schema = sampleJsonSchema();
    if (values.out) await writeAtomically(values.out, `${JSON.stringify(schema, null, 2)}\n`);
    else writeJson(io, schema);
  },
});

export const datasetCommands: Command[] = [
  datasetValidateCommand,
  datasetStatsCommand,
  datasetConvertCommand,
  datasetExportSftCommand,
  datasetSchemaCommand,
] as Command[];
