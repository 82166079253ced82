import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../electron/common/appError';
import { CaseStore, casesDir } from '../cases/CaseStore';
import { MAX_BUNDLE_BYTES } from '../cases/bundle/caseBundle';
import { exportCaseBundle, importCaseBundle } from '../cases/bundle/exportCaseBundle';
import {
  CliError,
  UsageError,
  defineCommand,
  requireFlag,
  writeJson,
  type Command,
} from './command';
import { writeAtomically } from './writeAtomically';

/** Opens the store in $MMX_HOME, runs `fn`, closes it; store errors become one CLI line. */
async function withStore<T>(fn: (store: CaseStore) => Promise<T> | T): Promise<T> {
  let store: CaseStore | undefined;
  try {
    store = await CaseStore.open(casesDir());
    return await fn(store);
  } catch (error) {
    // An AppError's message is "title: cause", the one line the user needs.
    if (error instanceof AppError) throw new CliError(error.message);
    throw error;
  } finally {
    store?.close();
  }
}

function onePositional(positionals: string[], what: string, command: string): string {
  if (positionals.length !== 1)
    throw new UsageError(`give one ${what} (see 'mmx case ${command} --help')`);
  return positionals[0]!;
}

export const caseListCommand = defineCommand({
  path: ['case', 'list'],
  usage: 'case list [--search TEXT] [--json]',
  summary:
    'the saved cases, newest change first; --search finds words of titles, notes, questions and answers',
  options: { search: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const cases = await withStore((store) =>
      store.list(values.search ? { search: values.search } : {}),
    );
    if (values.json) {
      writeJson(io, {
        cases: cases.map(({ id, title, created, updated, runs, specialty }) => ({
          id,
          title,
          created,
          updated,
          runs,
          specialty,
        })),
      });
      return;
    }
    if (cases.length === 0) io.stdout.write('no cases\n');
    for (const c of cases)
      io.stdout.write(
        `${c.id}  ${c.updated.slice(0, 16).replace('T', ' ')}  ${c.runs} run(s)  ${c.specialty ?? '-'}  ${c.title}\n`,
      );
  },
});

export const caseShowCommand = defineCommand({
  path: ['case', 'show'],
  usage: 'case show ID [--json]',
  summary: 'one case: its images, runs and notes (--json: the whole case as in case.json)',
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const id = onePositional(positionals, 'case ID', 'show');
    const doc = await withStore((store) => store.get(id));
    if (values.json) return writeJson(io, doc);
    io.stdout.write(`${doc.title}\n${doc.id}  created ${doc.created}  updated ${doc.updated}\n`);
    io.stdout.write(`${doc.images.length} image(s), ${doc.originals.length} original(s)\n`);
    if (doc.notes) io.stdout.write(`notes: ${doc.notes}\n`);
    for (const [i, run] of doc.runs.entries()) {
      const model =
        run.model.kind === 'local' ? run.model.name : `${run.model.name} (${run.model.server})`;
      io.stdout.write(`\n${i + 1}. ${run.question}${run.followUpOf ? '  (follow-up)' : ''}\n`);
      io.stdout.write(`   ${run.created}  ${run.specialty}  ${model}\n`);
      for (const step of run.steps) io.stdout.write(`   ${step.index}. ${step.text}\n`);
      io.stdout.write(`   answer: ${run.answerText}\n`);
    }
  },
});

export const caseExportCommand = defineCommand({
  path: ['case', 'export'],
  usage: 'case export ID --out FILE.mmxcase [--with-originals]',
  summary:
    'write a case bundle another installation imports (originals only with --with-originals, de-identified)',
  details:
    '  --with-originals  add the original files, de-identified: DICOM with the PS3.15 Annex E Basic Profile\n' +
    '                    (pixel data unchanged: burned-in text stays), other images without metadata',
  options: { out: { type: 'string' }, 'with-originals': { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const id = onePositional(positionals, 'case ID', 'export');
    const out = requireFlag(values.out, 'out');
    if (!out.endsWith('.mmxcase')) throw new UsageError('--out must name a .mmxcase file');
    const { bytes, warnings } = await withStore((store) =>
      exportCaseBundle(store, id, { withOriginals: values['with-originals'] === true }),
    );
    await writeAtomically(out, bytes);
    for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  },
});

export const caseImportCommand = defineCommand({
  path: ['case', 'import'],
  usage: 'case import FILE.mmxcase [--json]',
  summary:
    'add the case of a bundle to this store under a new id (printed); bad bundles are refused',
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    const file = onePositional(positionals, 'FILE.mmxcase', 'import');
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (error) {
      throw new UsageError(
        `cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    if (size > MAX_BUNDLE_BYTES)
      throw new UsageError(`'${file}' is larger than ${MAX_BUNDLE_BYTES} bytes`);
    const bytes = new Uint8Array(await readFile(file));
    const doc = await withStore((store) => importCaseBundle(store, bytes));
    if (values.json) writeJson(io, { id: doc.id, title: doc.title, runs: doc.runs.length });
    else io.stdout.write(`${doc.id}\n`);
  },
});

export const caseDeleteCommand = defineCommand({
  path: ['case', 'delete'],
  usage: 'case delete ID',
  summary: 'remove a case from the store for good',
  options: {},
  positionals: true,
  async run({ positionals }) {
    const id = onePositional(positionals, 'case ID', 'delete');
    await withStore((store) => store.delete(id, { purge: true }));
  },
});

export const caseCommands = [
  caseListCommand,
  caseShowCommand,
  caseExportCommand,
  caseImportCommand,
  caseDeleteCommand,
] as Command[];
