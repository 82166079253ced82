import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { downloadModel, type DownloadFile } from '../runtime/manager/downloadModel';
import { estimateRamFit } from '../runtime/manager/estimateRamFit';
import { importModel, listModels, removeModel } from '../runtime/manager/installedModels';
import { verifyModelFolder } from '../runtime/verifyModelFolder';
import {
  CliError,
  UsageError,
  defineCommand,
  requireFlag,
  writeJson,
  type Command,
} from './command';

const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;

const verifyCommand = defineCommand({
  path: ['model', 'verify'],
  usage: 'model verify DIR [--json]',
  summary: 'check a model folder against the model contract and list every problem',
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [dir, extra] = positionals;
    if (!dir || extra) throw new UsageError('give exactly one model folder');
    const report = verifyModelFolder(dir);
    if (values.json) {
      writeJson(io, report);
      return report.ok ? 0 : 1;
    }
    if (report.ok) {
      io.stdout.write(
        `ok: ${report.dir} follows the model contract (${report.modelType}, dtypes: ${report.dtypes.join(', ')})\n`,
      );
      return 0;
    }
    for (const p of report.problems) io.stdout.write(`${p.file}: ${p.message}\n`);
    throw new CliError(`${report.problems.length} problem(s) in ${report.dir}`);
  },
});

const listCommand = defineCommand({
  path: ['model', 'list'],
  usage: 'model list [--json]',
  summary: 'list the models installed in the app data folder ($MMX_HOME)',
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const models = await listModels();
    const total = os.totalmem();
    if (values.json) {
      writeJson(io, {
        models: models.map((m) => ({
          ...m,
          ramFit: m.manifest ? estimateRamFit(m.manifest, total) : undefined,
        })),
      });
      return;
    }
    if (models.length === 0)
      io.stdout.write(
        'no models installed (mmx model import DIR, or mmx model download URL... --name N)\n',
      );
    for (const m of models) {
      if (!m.manifest) {
        io.stdout.write(`${m.id}  (unusable: ${m.problem})\n`);
        continue;
      }
      const { name, modelType, dtypes, parameterCount, totalBytes, demo } = m.manifest;
      const fit = estimateRamFit(m.manifest, total);
      io.stdout.write(
        `${m.id}  "${name}"  ${modelType} ${dtypes.join('/')}  ${(parameterCount / 1e6).toFixed(1)}M params  ${gib(totalBytes)} on disk  RAM: ${fit.message}${demo ? '  [demo]' : ''}\n`,
      );
    }
  },
});

const importCommand = defineCommand({
  path: ['model', 'import'],
  usage: 'model import DIR [--name N] [--json]',
  summary: 'check a model folder and copy it into the app data folder with a manifest',
  options: { name: { type: 'string' }, json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const [dir, extra] = positionals;
    if (!dir || extra) throw new UsageError('give exactly one model folder');
    const model = await importModel(dir, { name: values.name });
    if (values.json) writeJson(io, model);
    else io.stdout.write(`imported "${model.manifest?.name}" as ${model.id} (${model.dir})\n`);
  },
});

const removeCommand = defineCommand({
  path: ['model', 'remove'],
  usage: 'model remove NAME',
  summary: 'delete an installed model (by folder id or name)',
  options: {},
  positionals: true,
  async run({ positionals }, io) {
    const [name, extra] = positionals;
    if (!name || extra) throw new UsageError('give exactly one model name');
    const model = await removeModel(name);
    io.stdout.write(`removed ${model.id}\n`);
  },
});

const SHA256 = /^[0-9a-f]{64}$/i;

/** A list file holds one `URL [sha256]` per line; '#' starts a comment. */
async function readUrlList(file: string): Promise<DownloadFile[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`cannot read the URL list ${file}`);
  });
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line, i) => {
      const [url = '', sha256, extra] = line.split(/\s+/);
      if (extra || (sha256 && !SHA256.test(sha256)))
        throw new UsageError(`${file} line ${i + 1}: expected 'URL [sha256]'`);
      return { url, sha256 };
    });
}

const downloadCommand = defineCommand({
  path: ['model', 'download'],
  usage: 'model download URL... --name N [--sha256 HEX] [--list FILE] [--json]',
  summary: 'download a model folder (resumable; Ctrl-C pauses, running it again resumes)',
  details:
    'URLs keep their layout below their common folder (Hugging Face resolve/<rev>/ is dropped).\n' +
    '  --sha256 HEX   expected SHA-256 of the single URL given\n' +
    "  --list FILE    more URLs, one 'URL [sha256]' per line",
  options: {
    name: { type: 'string' },
    sha256: { type: 'string' },
    list: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const name = requireFlag(values.name, 'name');
    const files: DownloadFile[] = positionals.map((url) => ({ url }));
    if (values.sha256 !== undefined) {
      if (files.length !== 1 || !SHA256.test(values.sha256))
        throw new UsageError('--sha256 needs one URL and 64 hex digits');
      files[0]!.sha256 = values.sha256;
    }
    if (values.list) files.push(...(await readUrlList(values.list)));
    if (files.length === 0) throw new UsageError('give at least one URL (or --list FILE)');
    let lastPrint = 0;
    try {
      const model = await downloadModel({
        files,
        name,
        signal: io.signal,
        onProgress(p) {
          const now = Date.now();
          const done = p.totalBytes !== undefined && p.receivedBytes === p.totalBytes;
          if (!done && now - lastPrint < 1000) return;
          lastPrint = now;
          const of = p.totalBytes !== undefined ? ` of ${p.totalBytes}` : '';
          io.stderr.write(
            `[${p.fileIndex + 1}/${p.fileCount}] ${p.file}: ${p.receivedBytes}${of} bytes${p.resumed ? ' (resumed)' : ''}\n`,
          );
        },
      });
      if (values.json) writeJson(io, model);
      else io.stdout.write(`installed "${name}" as ${model.id} (${model.dir})\n`);
    } catch (error) {
      if (io.signal.aborted)
        throw new CliError('download paused; run the same command again to resume', 130);
      throw error;
    }
  },
});

export const modelCommands: Command[] = [
  verifyCommand,
  listCommand,
  importCommand,
  removeCommand,
  downloadCommand,
] as Command[];
