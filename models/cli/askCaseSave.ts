import { CaseStore, casesDir, type NewCaseRun } from '../cases/CaseStore';
import { caseImagesFromFiles, studyContextOf } from '../cases/caseImagesFromFiles';
import { sha256Hex } from '../cases/internal/blobStore';
import type { RoutingInput } from '../reasoning/routeSpecialty';
import { UsageError } from './command';

export interface CaseTarget {
  /** An existing case, or null for a new one titled `title`. */
  caseId: string | null;
  title: string | undefined;
  originals: boolean;
}

/** The `--save-case` flags checked before the model starts. */
export function caseTarget(values: {
  'save-case'?: boolean;
  case?: string;
  'case-title'?: string;
  'no-originals'?: boolean;
}): CaseTarget | null {
  if (!values['save-case']) {
    for (const flag of ['case', 'case-title', 'no-originals'] as const)
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --save-case`);
    return null;
  }
  if (values.case !== undefined && values['case-title'] !== undefined)
    throw new UsageError('give --case ID or --case-title TEXT, not both');
  if (values['case-title'] !== undefined && values['case-title'].trim() === '')
    throw new UsageError('--case-title must not be empty');
  return {
    caseId: values.case ?? null,
    title: values['case-title'],
    originals: !values['no-originals'],
  };
}

/** The store in $MMX_HOME, the case checked to exist (before a model runs), and the images the model will get. */
export async function prepareCaseSave(target: CaseTarget, files: readonly string[]) {
  const store = await CaseStore.open(casesDir());
  if (target.caseId) store.get(target.caseId);
  const prepared = await caseImagesFromFiles(files, { originals: target.originals });
  return { store, prepared, sources: prepared.sources };
}

/** Saves one finished `mmx ask` run to its case; returns the case id. */
export function saveAskRun(
  target: CaseTarget,
  { store, prepared }: Awaited<ReturnType<typeof prepareCaseSave>>,
  run: NewCaseRun,
  routing: RoutingInput,
): string {
  // The run is about exactly the images the model got (none for a text-only question).
  const withImages = { ...run, imageIds: prepared.images.map((image) => sha256Hex(image.png)) };
  try {
    if (target.caseId) {
      store.addRun(target.caseId, withImages, prepared.images, prepared.originals);
      return target.caseId;
    }
    const title = target.title ?? run.question.replace(/\s+/g, ' ').trim().slice(0, 80);
    const created = store.createCase(
      {
        title,
        studyContext: studyContextOf(routing),
        images: prepared.images,
        originals: prepared.originals,
      },
      [withImages],
    );
    return created.id;
  } finally {
    store.close();
  }
}
