import { detectFormat } from '../dicom/detectFormat';
import { listTags } from '../dicom/listTags';
import { readRasterInfo } from '../dicom/node/decodeRasterImage';
import { parseDicom } from '../dicom/parseDicom';
import { readImageInfo } from '../dicom/readImageInfo';
import { loadTagDictionary } from '../dicom/tagDictionary';
import { CliError, UsageError, defineCommand, writeJson } from './command';
import { readInputFile } from './dicomInput';

export const dicomInfoCommand = defineCommand({
  path: ['dicom', 'info'],
  usage: 'dicom info FILE [--json] [--phi]',
  summary:
    'show transfer syntax, SOP class, image attributes and tags of a DICOM file (or PNG/JPEG/WebP)',
  details: [
    'options:',
    '  --json   print one JSON document',
    '  --phi    include tags that may identify the patient (names, IDs, dates, addresses; PS3.15 Annex E)',
  ].join('\n'),
  options: { json: { type: 'boolean' }, phi: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('name a FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const bytes = await readInputFile(file);
    const format = detectFormat(bytes);
    let report: Record<string, unknown>;
    if (format === 'png' || format === 'jpeg' || format === 'webp') {
      report = { ...(await readRasterInfo(bytes, format)), warnings: [] };
    } else {
      const parsed = wrap(() => parseDicom(bytes));
      const { tags, hiddenPhi } = listTags(parsed, {
        phi: values.phi === true,
        dictionary: await loadTagDictionary(),
      });
      report = { ...readImageInfo(parsed), tags, hiddenPhiTags: hiddenPhi };
    }
    if (values.json) return writeJson(io, report);
    io.stdout.write(formatText(report));
  },
});

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

function formatText(report: Record<string, unknown>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(report)) {
    if (key === 'tags' || key === 'warnings' || value === undefined) continue;
    if (key === 'frames' && Array.isArray(value)) {
      lines.push(
        `${'frames'.padEnd(26)} ${value.length} per-frame functional group item(s) (--json lists them)`,
      );
      continue;
    }
    lines.push(`${key.padEnd(26)} ${Array.isArray(value) ? value.join('\\') : String(value)}`);
  }
  const warnings = (report.warnings as string[] | undefined) ?? [];
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  const tags = report.tags as
    { tag: string; vr: string; name: string; value: string }[] | undefined;
  if (tags) {
    lines.push('', 'tags:');
    for (const t of tags) lines.push(`  ${t.tag} ${t.vr} ${t.name.padEnd(40)} ${t.value}`);
    if (report.hiddenPhiTags)
      lines.push(
        `  (${String(report.hiddenPhiTags)} patient-identifying or private tag(s) hidden; --phi shows them)`,
      );
  }
  return `${lines.join('\n')}\n`;
}
