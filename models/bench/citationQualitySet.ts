import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Folder of the hand-written evaluation set (see its README.md). */
export const CITATION_QUALITY_DIR = fileURLToPath(new URL('./citation-quality/', import.meta.url));

/** The halves the citation judge is fitted on (models/bench/citationJudgeBench.ts). */
export const CITATION_QUALITY_TRAINING = ['tune', 'train'] as const;

/** The halves the linker must never be tuned on; the issue's targets are checked on each. */
export const CITATION_QUALITY_HELD_OUT = [
  'heldout',
  'heldout-2',
  'heldout-3',
  'heldout-4',
  'heldout-5',
  'heldout-6',
  'heldout-7',
  'heldout-8',
  'heldout-9',
  'heldout-10',
  'heldout-11',
  'heldout-12',
  'heldout-13',
  'heldout-14',
  'heldout-15',
  'heldout-16',
  'heldout-17',
  'heldout-18',
  'heldout-19',
  'heldout-20',
  'heldout-21',
  'heldout-22',
  'heldout-23',
  'heldout-24',
  'heldout-25',
  'heldout-26',
  'heldout-27',
  'heldout-28',
  'heldout-29',
  'heldout-30',
  'heldout-31',
  'heldout-32',
  'heldout-33',
  'heldout-34',
] as const;

/**
 * The linker is tuned on `tune` and the judge fitted on `tune` + `train`; the `heldout` halves
 * are what gets reported. `heldout-2` … `heldout-34` were written later by people who had not seen
 * the linker, because each earlier one had been measured often enough to stop being fresh (see
 * models/bench/citation-quality/README.md).
 */
export const CITATION_QUALITY_HALVES = [
  ...CITATION_QUALITY_TRAINING,
  ...CITATION_QUALITY_HELD_OUT,
] as const;
export type CitationQualityHalf = (typeof CITATION_QUALITY_HALVES)[number];

/**
 * The files of each half. `train` was written later, by four writers who had
 * not seen the linker, to fit the citation judge on (see the folder's README).
 */
export const CITATION_QUALITY_FILES: Record<CitationQualityHalf, readonly string[]> = {
  tune: ['tune.json'],
  train: [
    'train-a.json',
    'train-b.json',
    'train-c.json',
    'train-d.json',
    'train-e.json',
    'train-f.json',
    'train-g.json',
    'train-h.json',
    'train-i.json',
    'train-j.json',
    'train-k.json',
    'train-l.json',
    'train-m.json',
    'train-n.json',
    'train-o.json',
    'train-p.json',
    'train-q.json',
    'train-r.json',
    'train-s.json',
    'train-t.json',
    'train-u.json',
    'train-v.json',
    'train-w.json',
    'train-x.json',
    'train-y.json',
    'train-z.json',
    'train-aa.json',
    'train-ab.json',
    'train-ac.json',
    'train-ad.json',
    'train-ae.json',
    'train-af.json',
    'train-ag.json',
    'train-ah.json',
    'train-ai.json',
    'train-aj.json',
    'train-ak.json',
    'train-al.json',
    'train-am.json',
    'train-an.json',
    'train-ao.json',
    'train-ap.json',
    'train-aq.json',
    'train-ar.json',
    'train-as.json',
    'train-at.json',
    'train-au.json',
    'train-av.json',
    'train-aw.json',
    'train-ax.json',
    'train-ay.json',
    'train-az.json',
    'train-ba.json',
    'train-bb.json',
    'train-bc.json',
    'train-bd.json',
    'train-be.json',
    'train-bf.json',
    'train-bg.json',
    'train-bh.json',
    'train-bi.json',
    'train-bj.json',
    'train-bk.json',
    'train-bl.json',
    'train-bm.json',
    'train-bn.json',
    'train-bo.json',
    'train-bp.json',
    'train-bq.json',
    'train-br.json',
    'train-bs.json',
    'train-bt.json',
    'train-bu.json',
    'train-bv.json',
    'train-bw.json',
    'train-bx.json',
    'train-by.json',
    'train-bz.json',
    'train-ca.json',
    'train-cb.json',
    'train-cc.json',
    'train-cd.json',
    'train-ce.json',
    'train-cf.json',
    'train-cg.json',
    'train-ch.json',
    'train-cj.json',
    'train-ck.json',
    'train-ci.json',
    'train-cl.json',
    'train-cm.json',
    'train-cn.json',
    'train-co.json',
    'train-cp.json',
    'train-cq.json',
    'train-cr.json',
    'train-cs.json',
    'train-ct.json',
    'train-cu.json',
    'train-cv.json',
    'train-cw.json',
    'train-cy.json',
    'train-cx.json',
    'train-cz.json',
    'train-da.json',
    'train-db.json',
    'train-dc.json',
    'train-dd.json',
    'train-de.json',
    'train-df.json',
    'train-dg.json',
    'train-dh.json',
    'train-di.json',
    'train-dj.json',
    'train-dk.json',
    'train-dl.json',
    'train-dm.json',
    'train-dn.json',
    'train-do.json',
    'train-dp.json',
    'train-dq.json',
    'train-dr.json',
    'train-ds.json',
    'train-dt.json',
    'train-du.json',
    'train-dv.json',
    'train-dw.json',
    'train-dx.json',
    'train-dy.json',
    'train-dz.json',
    'train-ea.json',
    'train-eb.json',
    'train-ec.json',
    'train-ed.json',
    'train-ee.json',
    'train-ef.json',
    'train-eg.json',
    'train-eh.json',
    'train-ei.json',
    'train-ej.json',
    'train-ek.json',
    'train-el.json',
    'train-em.json',
    'train-eo.json',
    'train-ep.json',
    'train-eq.json',
    'train-er.json',
    'train-es.json',
    'train-et.json',
    'train-eu.json',
    'train-ev.json',
    'train-ew.json',
    'train-ex.json',
    'train-ey.json',
    'train-ez.json',
  ],
  heldout: ['heldout.json'],
  'heldout-2': ['heldout-2.json'],
  'heldout-3': ['heldout-3.json'],
  'heldout-4': ['heldout-4a.json', 'heldout-4b.json', 'heldout-4c.json'],
  'heldout-5': ['heldout-5a.json', 'heldout-5b.json'],
  'heldout-6': ['heldout-6a.json', 'heldout-6b.json'],
  'heldout-7': ['heldout-7a.json', 'heldout-7b.json'],
  'heldout-8': ['heldout-8a.json', 'heldout-8b.json'],
  'heldout-9': ['heldout-9.json'],
  'heldout-10': ['heldout-10.json'],
  'heldout-11': ['heldout-11a.json', 'heldout-11b.json'],
  'heldout-12': ['heldout-12a.json', 'heldout-12b.json'],
  'heldout-13': ['heldout-13a.json', 'heldout-13b.json'],
  'heldout-14': ['heldout-14a.json', 'heldout-14b.json'],
  'heldout-15': ['heldout-15a.json', 'heldout-15b.json'],
  'heldout-16': ['heldout-16a.json', 'heldout-16b.json'],
  'heldout-17': ['heldout-17a.json', 'heldout-17b.json'],
  'heldout-18': ['heldout-18a.json', 'heldout-18b.json'],
  'heldout-19': ['heldout-19a.json', 'heldout-19b.json'],
  'heldout-20': ['heldout-20a.json', 'heldout-20b.json'],
  'heldout-21': ['heldout-21a.json', 'heldout-21b.json'],
  'heldout-22': ['heldout-22a.json', 'heldout-22b.json'],
  'heldout-23': ['heldout-23a.json', 'heldout-23b.json'],
  'heldout-24': ['heldout-24a.json', 'heldout-24b.json'],
  'heldout-25': ['heldout-25a.json', 'heldout-25b.json'],
  'heldout-26': ['heldout-26a.json', 'heldout-26b.json'],
  'heldout-27': ['heldout-27a.json', 'heldout-27b.json'],
  'heldout-28': ['heldout-28a.json', 'heldout-28b.json'],
  'heldout-29': ['heldout-29a.json', 'heldout-29b.json'],
  'heldout-30': ['heldout-30a.json', 'heldout-30b.json'],
  'heldout-31': ['heldout-31a.json', 'heldout-31b.json'],
  'heldout-32': ['heldout-32a.json', 'heldout-32b.json'],
  'heldout-33': ['heldout-33a.json', 'heldout-33b.json'],
  'heldout-34': ['heldout-34a.json', 'heldout-34b.json'],
};
/** What makes a step hard; every step carries the tags that apply. */
export const CITATION_QUALITY_TAGS = [
  'number',
  'negation',
  'typo',
  'abbreviation',
  'model-ref',
  'invented-ref',
  'filler',
  'uncovered',
  'answer',
] as const;
export type CitationQualityTag = (typeof CITATION_QUALITY_TAGS)[number];

const idSchema = z.string().regex(/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/, 'must be a lower-case id');
const oneOrMore = z.union([idSchema, z.array(idSchema).min(1)]);

const expectSchema = z.strictObject({
  /** Every guideline a clinician would accept as the step's support. */
  guidelines: z.array(idSchema).min(1),
  /** The passage (or passages) that is clearly right, where there is one. */
  passage: oneOrMore.optional(),
});

const stepSchema = z.strictObject({
  text: z.string().trim().min(1, 'text must not be empty'),
  /** null: no guideline should be cited ("no guideline support" is right). */
  expect: expectSchema.nullable(),
  /** `guideline#passage` references in the text that no pack contains. */
  expectUnknown: z
    .array(z.string().regex(/^[^#\s[\]]+#[^#\s[\]]+$/, 'must be guideline#passage'))
    .optional(),
  tags: z.array(z.enum(CITATION_QUALITY_TAGS)),
});

// The DICOM attributes routing reads: Modality and Body Part Examined (PS3.3 C.7.3.1 General Series),
// Study Description (C.7.2.1 General Study), Patient's Age (C.7.2.2 Patient Study; an Age String,
// PS3.5 6.2, which anonymisers often blank or set to "000Y").
const contextSchema = z.strictObject({
  modality: z.string().optional(),
  bodyPart: z.string().optional(),
  studyDescription: z.string().optional(),
  patientAge: z.string().optional(),
});

const caseSchema = z.strictObject({
  id: idSchema,
  title: z.string().trim().min(1),
  question: z.string().trim().min(1),
  options: z.record(z.string().regex(/^[A-Z]$/), z.string()).optional(),
  context: contextSchema.default({}),
  /** A manual specialty choice; absent means automatic routing. */
  specialty: z.string().optional(),
  /** The base case this one repeats under another routing context. */
  variantOf: idSchema.optional(),
  steps: z.array(stepSchema).min(1),
});

export const citationQualitySetSchema = z.strictObject({ cases: z.array(caseSchema) });
export type CitationQualityCase = z.infer<typeof caseSchema>;
export type CitationQualityStep = z.infer<typeof stepSchema>;
export type CitationQualityExpect = z.infer<typeof expectSchema>;

/** The expected passage ids of a step as a list (empty when none is named). */
export const expectedPassages = (expect: CitationQualityExpect | null): string[] =>
  expect?.passage === undefined ? [] : ([] as string[]).concat(expect.passage);

/** Reads and validates one half; throws an Error naming the file and the field of the first problem. */
export function loadCitationQualitySet(
  half: CitationQualityHalf,
  dir = CITATION_QUALITY_DIR,
): CitationQualityCase[] {
  return loadCitationQualityFiles(half, dir).flatMap((f) => f.cases);
}

/** One half file by file (each file is one writer's work), validated like loadCitationQualitySet. */
export function loadCitationQualityFiles(
  half: CitationQualityHalf,
  dir = CITATION_QUALITY_DIR,
): { file: string; cases: CitationQualityCase[] }[] {
  return CITATION_QUALITY_FILES[half].map((name) => ({
    file: name,
    cases: loadCitationQualityFile(`${dir.replace(/\/?$/, '/')}${name}`),
  }));
}

function loadCitationQualityFile(file: string): CitationQualityCase[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `loadCitationQualitySet: cannot read ${file} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = citationQualitySetSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `loadCitationQualitySet: ${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data.cases;
}
