import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { detectFormat } from '../dicom/detectFormat';
import { firstString } from '../pacs/dicomJson';
import { DicomwebClient, type DicomwebAuth } from '../pacs/DicomwebClient';
import { isLoopbackUrl } from '../runtime/openai/serverConfig';
import { PacsError } from '../pacs/PacsError';
import { STUDY_FIELDS, studySummary } from '../pacs/studySummary';
import {
  CliError,
  UsageError,
  defineCommand,
  numberFlag,
  requireFlag,
  writeJson,
  type CommandIO,
} from './command';
import { writeAtomically } from './writeAtomically';

const CONNECTION_HELP =
  '  --url URL        the DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web\n' +
  '  --allow-remote   allow a server that is not on this machine (loopback: 127.0.0.0/8, ::1, localhost);\n' +
  '                   without it a remote URL is refused, as for model servers\n' +
  '  credentials come from the environment, never from flags: MMX_PACS_TOKEN (bearer),\n' +
  '  or MMX_PACS_USER and MMX_PACS_PASSWORD (basic)';

const connectionOptions = {
  url: { type: 'string' },
  'allow-remote': { type: 'boolean' },
} as const;

function authFromEnv(env: NodeJS.ProcessEnv = process.env): DicomwebAuth | undefined {
  if (env.MMX_PACS_TOKEN) return { kind: 'bearer', token: env.MMX_PACS_TOKEN };
  if (env.MMX_PACS_USER)
    return { kind: 'basic', username: env.MMX_PACS_USER, password: env.MMX_PACS_PASSWORD ?? '' };
  return undefined;
}

/** The client for --url; a malformed URL is a UsageError, a remote one needs --allow-remote. */
function clientFor(values: { url?: string; 'allow-remote'?: boolean }): DicomwebClient {
  const raw = requireFlag(values.url, 'url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `--url '${raw}' is not a URL (expected e.g. http://127.0.0.1:8042/dicom-web)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--url must be http:// or https://, got '${url.protocol}'`);
  if (!isLoopbackUrl(url.href) && !values['allow-remote']) {
    throw new UsageError(
      `--url ${url.origin} is not on this machine; study data would leave it. Pass --allow-remote to consent`,
    );
  }
  return new DicomwebClient({ baseUrl: url.href, auth: authFromEnv() });
}

/** PacsErrors become one-line CliErrors; everything else passes through. */
async function pacs<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PacsError) throw new CliError(error.message);
    throw error;
  }
}

const DA = /^\d{8}$/;
/** --date FROM-TO as a QIDO-RS date range (PS3.18 8.3.4.1, PS3.4 C.2.2.2.5): YYYYMMDD, FROM-, -TO or FROM-TO. */
export function dateRange(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const [from = '', to, extra] = value.split('-');
  const ok =
    extra === undefined &&
    (from === '' || DA.test(from)) &&
    (to === undefined || to === '' || DA.test(to)) &&
    (from !== '' || (to ?? '') !== '');
  if (!ok)
    throw new UsageError(
      `--date must be YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD; got '${value}'`,
    );
  return value;
}

/** A progress bar on a terminal (stderr), nothing otherwise. */
function progress(io: CommandIO, total: number): { tick(done: number): void; end(): void } {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  const width = 30;
  return {
    tick(done) {
      if (!tty || total === 0) return;
      const filled = Math.round((done / total) * width);
      io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    },
    end() {
      if (tty && total > 0) io.stderr.write('\n');
    },
  };
}

export const pacsSearchCommand = defineCommand({
  path: ['pacs', 'search'],
  usage:
    'pacs search --url URL [--patient-id ID] [--patient-name NAME] [--modality M] [--date FROM-TO] [--study-uid UID] [--accession A] [--description TEXT] [--limit N] [--phi] [--allow-remote] [--json]',
  summary: 'search a PACS for studies over DICOMweb (QIDO-RS)',
  details:
    `${CONNECTION_HELP}\n` +
    '  --date FROM-TO   study date range, YYYYMMDD-YYYYMMDD; either end may be open (--date=-YYYYMMDD)\n' +
    '  --description    Study Description; * and ? are wildcards (PS3.4 C.2.2.2.4)\n' +
    '  --phi            show patient ID, name and accession number (hidden by default)\n' +
    '  --json           {studies:[{studyInstanceUID, studyDate, modalities, description, series, instances}]}\n' +
    '                   (plus patientId, patientName, accessionNumber with --phi)',
  options: {
    ...connectionOptions,
    'patient-id': { type: 'string' },
    'patient-name': { type: 'string' },
    modality: { type: 'string' },
    date: { type: 'string' },
    'study-uid': { type: 'string' },
    accession: { type: 'string' },
    description: { type: 'string' },
    limit: { type: 'string' },
    phi: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const client = clientFor(values);
    const limit = numberFlag(values.limit, 'limit', { min: 1, max: 10_000, integer: true });
    const query = {
      PatientID: values['patient-id'],
      PatientName: values['patient-name'],
      ModalitiesInStudy: values.modality,
      StudyDate: dateRange(values.date),
      StudyInstanceUID: values['study-uid'],
      AccessionNumber: values.accession,
      StudyDescription: values.description,
      includefield: STUDY_FIELDS,
      limit: limit === undefined ? undefined : String(limit),
    };
    const found = await pacs(() => client.searchStudies(query, { signal: io.signal }));
    const studies = found.map((s) => studySummary(s, { phi: values.phi === true }));
    if (values.json) return writeJson(io, { studies });
    if (studies.length === 0) io.stdout.write('no studies found\n');
    for (const s of studies) {
      const who = values.phi ? `  ${s.patientId} ${s.patientName}` : '';
      io.stdout.write(
        `${s.studyInstanceUID}  ${s.studyDate ?? '-'}  ${s.modalities.join('/') || '-'}  ${s.description ?? ''}  ${s.series ?? '?'} series, ${s.instances ?? '?'} instances${who}\n`,
      );
    }
  },
});

export const pacsFetchCommand = defineCommand({
  path: ['pacs', 'fetch'],
  usage: 'pacs fetch --url URL --study UID [--series UID] --out DIR [--allow-remote] [--json]',
  summary: 'download a study or series from a PACS (WADO-RS), one .dcm per instance; resumes',
  details:
    `${CONNECTION_HELP}\n` +
    '  --out DIR   files are DIR/<SOP Instance UID>.dcm; instances already there are skipped,\n' +
    '              so running the command again after an interruption finishes the job\n' +
    '  --json      {fetched, skipped, instances, out}',
  options: {
    ...connectionOptions,
    study: { type: 'string' },
    series: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const client = clientFor(values);
    const study = requireFlag(values.study, 'study');
    const out = requireFlag(values.out, 'out');
    if (existsSync(out) && !statSync(out).isDirectory())
      throw new UsageError(`--out ${out} is a file, not a folder`);
    mkdirSync(out, { recursive: true });
    const signal = io.signal;
    const { fetched, skipped, total } = await pacs(async () => {
      const seriesUids = values.series
        ? [values.series]
        : (await client.searchSeries(study, {}, { signal }))
            .map((s) => firstString(s, '0020000E'))
            .filter((u): u is string => Boolean(u));
      if (seriesUids.length === 0)
        throw new CliError('the PACS has no series in that study (check --study)');
      const wanted: { series: string; instance: string }[] = [];
      for (const series of seriesUids) {
        for (const i of await client.searchInstances(study, series, {}, { signal })) {
          const instance = firstString(i, '00080018');
          // A UID is digits and dots (PS3.5 9.1); anything else must not become a file name.
          if (instance && /^[0-9.]+$/.test(instance)) wanted.push({ series, instance });
        }
      }
      if (wanted.length === 0)
        throw new CliError('the PACS lists no instances in that study or series');
      const bar = progress(io, wanted.length);
      let done = 0;
      let fetchedCount = 0;
      const queue = wanted.filter((w) => !existsSync(path.join(out, `${w.instance}.dcm`)));
      done = wanted.length - queue.length;
      bar.tick(done);
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const bytes = await client.retrieveInstance(study, next.series, next.instance, {
            signal,
          });
          if (detectFormat(bytes) !== 'dicom')
            throw new CliError('the PACS sent an instance in a form that is not DICOM');
          await writeAtomically(path.join(out, `${next.instance}.dcm`), bytes);
          fetchedCount++;
          bar.tick(++done);
        }
      };
      try {
        await Promise.all(Array.from({ length: 4 }, worker));
      } finally {
        bar.end();
      }
      return { fetched: fetchedCount, skipped: wanted.length - fetchedCount, total: wanted.length };
    });
    if (values.json)
      return writeJson(io, { fetched, skipped, instances: total, out: path.resolve(out) });
    io.stdout.write(`fetched ${fetched} instance(s), ${skipped} already present, into ${out}\n`);
  },
});

export const pacsStoreCommand = defineCommand({
  path: ['pacs', 'store'],
  usage: 'pacs store --url URL FILE.dcm... [--allow-remote] [--json]',
  summary: 'send DICOM files (such as a reasoning SR) to a PACS with STOW-RS',
  details: `${CONNECTION_HELP}\n  --json      {stored}`,
  positionals: true,
  options: { ...connectionOptions, json: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const client = clientFor(values);
    if (positionals.length === 0) throw new UsageError('name at least one DICOM file to store');
    const files = positionals.map((file) => {
      if (!existsSync(file) || !statSync(file).isFile())
        throw new UsageError(`${file}: no such file`);
      const bytes = new Uint8Array(readFileSync(file));
      if (detectFormat(bytes) !== 'dicom') throw new UsageError(`${file}: not a DICOM file`);
      return bytes;
    });
    const { stored } = await pacs(() => client.store(files, { signal: io.signal }));
    if (values.json) return writeJson(io, { stored });
    io.stdout.write(`stored ${stored} instance(s) on ${client.origin}\n`);
  },
});

export const pacsCommands = [pacsSearchCommand, pacsFetchCommand, pacsStoreCommand];
