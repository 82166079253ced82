import type { ParsedDicom } from '../parseDicom';
import { newUid, writePart10, type WriteElement } from '../writePart10';
import { sourceText } from './sourceText';
import { UNKNOWN_CITATION_HINT, UNSUPPORTED_CITATION_HINT } from '../../reasoning/citationLabels';

/** Comprehensive SR Storage (PS3.4 B.5, PS3.3 A.35.3). */
export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
export const SR_SERIES_DESCRIPTION = 'MMedExpert reasoning';
export const DISCLAIMER = 'Decision support, not a diagnosis';

export interface SrCitation {
  guideline: string;
  passage: string;
  title?: string;
  version?: string;
  url?: string;
  /** Who chose the passage (electron/common/schemas/reasoning.ts Citation). */
  source?: 'model' | 'linker';
  /** Support 0..1: how much of the step the passage covers. */
  score?: number;
  /** The citation judge's probability 0..1 that the guideline supports the step. */
  confidence?: number | undefined;
}

/** A finding a step located (electron/common/schemas/regions.ts): source-image pixels, 1-based image, 0-based frame. */
export interface SrRegion {
  label: string;
  image: number;
  frame: number;
  box: readonly [number, number, number, number];
  point?: readonly [number, number];
}

/** The part of a reasoning run (the `mmx ask --json` document) the SR records. */
export interface ReasoningRecord {
  question: string;
  steps: readonly {
    text: string;
    citations: readonly SrCitation[];
    regions?: readonly SrRegion[];
    /** [guideline#passage] ids the model wrote that no loaded pack holds. */
    unknownCitations?: readonly string[];
    /** [guideline#passage] ids of real passages the model cited that do not cover the step. */
    unsupportedCitations?: readonly string[];
    /** True when no passage reached the support threshold. */
    noGuidelineSupport?: boolean;
  }[];
  answer: string;
  /**
   * A local model's folder hash, or (a model on an OpenAI-compatible server)
   * no hash ('' or null) and the server that answered.
   */
  model: { name: string; sha256: string | null; server?: string | undefined };
}

/** An image the model saw: the parsed DICOM and the 0-based frame, or null for PNG/JPEG. */
export type SeenImage = { dicom: ParsedDicom; frame: number } | null;

type Code = readonly [value: string, scheme: string, meaning: string];

// Private codes ("99" designators are private, PS3.16 8.1) where DCM has none.
const MMX = '99MMX';
const CODES = {
  report: ['MMX-0001', MMX, 'MMedExpert reasoning'],
  question: ['MMX-0002', MMX, 'Question'],
  step: ['MMX-0003', MMX, 'Reasoning step'],
  stepText: ['MMX-0004', MMX, 'Step text'],
  citation: ['MMX-0005', MMX, 'Guideline citation'],
  guideline: ['MMX-0006', MMX, 'Guideline identifier'],
  guidelineTitle: ['MMX-0007', MMX, 'Guideline title'],
  guidelineVersion: ['MMX-0008', MMX, 'Guideline version'],
  passage: ['MMX-0009', MMX, 'Guideline passage identifier'],
  sourceUrl: ['MMX-0010', MMX, 'Source URL'],
  answer: ['MMX-0011', MMX, 'Answer'],
  disclaimer: ['MMX-0012', MMX, 'Status of this document'],
  modelSha256: ['MMX-0013', MMX, 'Model SHA-256'],
  imageSeen: ['MMX-0014', MMX, 'Image seen by the model'],
  nonDicomImage: ['MMX-0015', MMX, 'Image seen by the model (not DICOM)'],
  modelServer: ['MMX-0016', MMX, 'Model server'],
  finding: ['MMX-0017', MMX, 'Located finding'],
  findingRegion: ['MMX-0018', MMX, 'Image region'],
  // The words of the screen and the Markdown export (models/reasoning/citationLabels.ts).
  chosenBy: ['MMX-0019', MMX, 'Citation chosen by'],
  support: ['MMX-0020', MMX, "Support (share of the step's terms the passage covers)"],
  judge: ['MMX-0021', MMX, 'Judge (probability the guideline supports the step)'],
  unknownCitation: ['MMX-0022', MMX, 'Unknown citation'],
  unsupportedCitation: ['MMX-0023', MMX, 'Unsupported citation'],
  guidelineSupport: ['MMX-0024', MMX, 'Guideline support'],
  percent: ['%', 'UCUM', 'percent'],
  // PS3.16 TID 1002/1004 observer context: the observer is a device (the model).
  observerType: ['121005', 'DCM', 'Observer Type'],
  device: ['121007', 'DCM', 'Device'],
  deviceUid: ['121012', 'DCM', 'Device Observer UID'],
  deviceName: ['121013', 'DCM', 'Device Observer Name'],
  algorithmName: ['111001', 'DCM', 'Algorithm Name'],
} as const satisfies Record<string, Code>;

const codeItem = ([value, scheme, meaning]: Code): WriteElement[] => [
  { tag: 0x00080100, vr: 'SH', value },
  { tag: 0x00080102, vr: 'SH', value: scheme },
  { tag: 0x00080104, vr: 'LO', value: meaning },
];
const conceptName = (code: Code): WriteElement => ({
  tag: 0x0040a043,
  vr: 'SQ',
  value: [codeItem(code)],
});
const relationship = (type: string): WriteElement => ({ tag: 0x0040a010, vr: 'CS', value: type });

/** Content items (PS3.3 C.17.3, Table C.17-6 and C.18). */
function text(rel: string, code: Code, value: string): WriteElement[] {
  return [
    relationship(rel),
    { tag: 0x0040a040, vr: 'CS', value: 'TEXT' },
    conceptName(code),
    { tag: 0x0040a160, vr: 'UT', value },
  ];
}
function container(rel: string | null, code: Code, children: WriteElement[][]): WriteElement[] {
  return [
    ...(rel ? [relationship(rel)] : []),
    { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    conceptName(code),
    { tag: 0x0040a050, vr: 'CS', value: 'SEPARATE' },
    ...(children.length > 0 ? [{ tag: 0x0040a730, vr: 'SQ', value: children }] : []),
  ];
}
/**
 * A NUM item (PS3.3 C.18.1, Numeric Measurement Macro C.18.1.1): one
 * Measured Value Sequence item with the Numeric Value as DS (at most 16
 * characters, PS3.5 6.2) and its units in UCUM (PS3.16 CID 82).
 */
function num(rel: string, code: Code, value: number, units: Code): WriteElement[] {
  return [
    relationship(rel),
    { tag: 0x0040a040, vr: 'CS', value: 'NUM' },
    conceptName(code),
    {
      tag: 0x0040a300,
      vr: 'SQ',
      value: [
        [
          { tag: 0x004008ea, vr: 'SQ', value: [codeItem(units)] },
          { tag: 0x0040a30a, vr: 'DS', value: String(value) },
        ],
      ],
    },
  ];
}
/** A 0..1 share as percent to one decimal (0.8125 → 81.3), or no item when it is not a number. */
function percent(code: Code, share: number | undefined): WriteElement[][] {
  if (share === undefined || !Number.isFinite(share)) return [];
  return [num('CONTAINS', code, Math.round(share * 1000) / 10, CODES.percent)];
}

// Who chose a citation, in words: the model's own [guideline#passage] is kept
// only when the pack holds the passage; the linker found it by search.
const CHOSEN_BY: Record<NonNullable<SrCitation['source']>, string> = {
  model: 'the model (checked against the pack)',
  linker: 'the linker',
};
export const NO_GUIDELINE_SUPPORT = 'No guideline support';

function codeValue(rel: string, code: Code, value: Code): WriteElement[] {
  return [
    relationship(rel),
    { tag: 0x0040a040, vr: 'CS', value: 'CODE' },
    conceptName(code),
    { tag: 0x0040a168, vr: 'SQ', value: [codeItem(value)] },
  ];
}
function uidRef(rel: string, code: Code, value: string): WriteElement[] {
  return [
    relationship(rel),
    { tag: 0x0040a040, vr: 'CS', value: 'UIDREF' },
    conceptName(code),
    { tag: 0x0040a124, vr: 'UI', value },
  ];
}

interface ImageRef {
  study: string;
  series: string;
  sopClass: string;
  sopInstance: string;
  /** 1-based frame numbers (PS3.3 C.18.3.1.1), only for multi-frame images. */
  frames?: number[];
}

// Storage SOP classes whose IODs have no Multi-frame module (PS3.3 A.2-A.8, A.21, A.26, A.32).
const SINGLE_FRAME_CLASSES = new Set(
  [
    '1.1',
    '1.1.1',
    '1.1.1.1',
    '1.1.1.2',
    '1.1.1.2.1',
    '1.1.1.3',
    '1.1.1.3.1',
    '1.2',
    '1.4',
    '1.6.1',
    '1.128',
    '1.481.1',
  ].map((s) => `1.2.840.10008.5.1.4.1.1.${s.slice(2)}`),
);

function imageRef(seen: { dicom: ParsedDicom; frame: number }): ImageRef | null {
  const ds = seen.dicom.dataSet;
  const get = (tag: string) => ds.string(tag)?.replace(/\0/g, '').trim() ?? '';
  const ref = {
    study: get('x0020000d'),
    series: get('x0020000e'),
    sopClass: get('x00080016'),
    sopInstance: get('x00080018'),
  };
  if (!ref.study || !ref.series || !ref.sopClass || !ref.sopInstance) return null;
  const frames = Number(get('x00280008') || '1');
  // Frame numbers only for multi-frame SOP classes (PS3.3 C.18.3.1.1); some
  // files of single-frame classes carry Number of Frames anyway.
  return frames > 1 && !SINGLE_FRAME_CLASSES.has(ref.sopClass)
    ? { ...ref, frames: [seen.frame + 1] }
    : ref;
}

function imageItem(ref: ImageRef, rel = 'CONTAINS'): WriteElement[] {
  const sop: WriteElement[] = [
    { tag: 0x00081150, vr: 'UI', value: ref.sopClass },
    { tag: 0x00081155, vr: 'UI', value: ref.sopInstance },
    ...(ref.frames ? [{ tag: 0x00081160, vr: 'IS', value: ref.frames.map(String) }] : []),
  ];
  return [
    relationship(rel),
    { tag: 0x0040a040, vr: 'CS', value: 'IMAGE' },
    conceptName(CODES.imageSeen),
    { tag: 0x00081199, vr: 'SQ', value: [sop] },
  ];
}

/**
 * A located finding: TEXT (its label) INFERRED FROM an SCOORD (PS3.3
 * C.18.6) SELECTED FROM the image (Table A.35.3-2 allows both). Graphic Data
 * are column\row pairs relative to the image, (0,0) the top left corner of
 * the top left pixel (PS3.3 C.18.6.1.2), which is how regions count; a box
 * is a closed POLYLINE (first point repeated), a point a POINT.
 */
function findingItem(region: SrRegion, ref: ImageRef): WriteElement[] {
  const [x1, y1, x2, y2] = region.box;
  const data = region.point
    ? [region.point[0], region.point[1]]
    : [x1, y1, x2, y1, x2, y2, x1, y2, x1, y1];
  const frames = ref.frames ? { frames: [region.frame + 1] } : {};
  const scoord: WriteElement[] = [
    relationship('INFERRED FROM'),
    { tag: 0x0040a040, vr: 'CS', value: 'SCOORD' },
    conceptName(CODES.findingRegion),
    { tag: 0x00700023, vr: 'CS', value: region.point ? 'POINT' : 'POLYLINE' },
    { tag: 0x00700022, vr: 'FL', value: data },
    { tag: 0x0040a730, vr: 'SQ', value: [imageItem({ ...ref, ...frames }, 'SELECTED FROM')] },
  ];
  return [
    ...text('CONTAINS', CODES.finding, region.label || 'finding'),
    { tag: 0x0040a730, vr: 'SQ', value: [scoord] },
  ];
}

/** Hierarchical SOP Instance Reference Macro (PS3.3 Table C.17-3), one item per study. */
function evidence(refs: readonly ImageRef[]): WriteElement[][] {
  const studies = new Map<string, Map<string, ImageRef[]>>();
  for (const r of refs) {
    const series = studies.get(r.study) ?? new Map<string, ImageRef[]>();
    studies.set(r.study, series);
    series.set(r.series, [...(series.get(r.series) ?? []), r]);
  }
  return [...studies].map(([study, series]) => [
    { tag: 0x0020000d, vr: 'UI', value: study },
    {
      tag: 0x00081115,
      vr: 'SQ',
      value: [...series].map(([uid, instances]) => [
        { tag: 0x0020000e, vr: 'UI', value: uid },
        {
          tag: 0x00081199,
          vr: 'SQ',
          value: instances.map((i) => [
            { tag: 0x00081150, vr: 'UI', value: i.sopClass },
            { tag: 0x00081155, vr: 'UI', value: i.sopInstance },
          ]),
        },
      ]),
    },
  ]);
}

// Patient (C.7.1.1), General Study (C.7.2.1) and Patient Study (C.7.2.2) attributes copied from the source.
const COPIED: readonly [tag: number, vr: string][] = [
  [0x00100010, 'PN'],
  [0x00100020, 'LO'],
  [0x00100021, 'LO'],
  [0x00100030, 'DA'],
  [0x00100040, 'CS'],
  [0x00101010, 'AS'],
  [0x00080020, 'DA'],
  [0x00080030, 'TM'],
  [0x00080050, 'SH'],
  [0x00080090, 'PN'],
  [0x00081030, 'LO'],
  [0x00200010, 'SH'],
];
// Type 2 attributes of those modules: present, empty when the source lacks them.
const TYPE2 = new Set([
  0x00100010, 0x00100020, 0x00100030, 0x00100040, 0x00080020, 0x00080030, 0x00080050, 0x00080090,
  0x00200010,
]);

/** Retired ACR-NEMA forms "YYYY.MM.DD" and "HH:MM:SS" (PS3.5 6.2, Table 6.2-1 notes) in today's form. */
function normalise(vr: string, value: string): string {
  if (vr === 'DA') return value.replace(/^(\d{4})\.(\d{2})\.(\d{2})$/, '$1$2$3');
  if (vr === 'TM')
    return value.replace(
      /^(\d{2}):(\d{2})(?::(\d{2}))?/,
      (_m, h: string, m: string, s?: string) => `${h}${m}${s ?? ''}`,
    );
  return value;
}

const hex = (tag: number) => `x${tag.toString(16).padStart(8, '0')}`;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A Comprehensive SR (PS3.3 A.35.3) of one reasoning run, in the study of the
 * first DICOM image the model saw (Study Instance UID and patient copied),
 * in a new series "MMedExpert reasoning". Without a DICOM image it starts a
 * new study with empty patient attributes. Content tree:
 *
 *   CONTAINER "MMedExpert reasoning"
 *     HAS OBS CONTEXT  Observer Type = Device, Device Observer UID/Name (TID 1004)
 *     CONTAINS TEXT "Status of this document" = "Decision support, not a diagnosis"
 *     CONTAINS TEXT "Question", "Algorithm Name", "Model SHA-256" (or "Model server")
 *     CONTAINS IMAGE "Image seen by the model" (SOP Class/Instance, frame)
 *     CONTAINS CONTAINER "Reasoning step" (one per step)
 *       CONTAINS TEXT "Step text"
 *       CONTAINS TEXT "Located finding" (its label; one per region on a DICOM image)
 *         INFERRED FROM SCOORD "Image region" (POLYLINE box or POINT)
 *           SELECTED FROM IMAGE (SOP Class/Instance, frame)
 *       CONTAINS CONTAINER "Guideline citation" (identifier, title, version, passage, URL)
 *         CONTAINS TEXT "Citation chosen by" = "the model (checked against the pack)" or "the linker"
 *         CONTAINS NUM "Support (…)" in % (UCUM), NUM "Judge (…)" in % when the judge chose it
 *       CONTAINS TEXT "Unknown citation" = "[id] (not in any loaded guideline)" (one per id)
 *       CONTAINS TEXT "Unsupported citation" = "[id] (the passage does not cover this step)"
 *       CONTAINS TEXT "Guideline support" = "No guideline support" (a step with no citation)
 *     CONTAINS TEXT "Answer"
 */
export function buildReasoningSr(
  run: ReasoningRecord,
  images: readonly SeenImage[],
  { now = new Date(), sopInstanceUid = newUid(), seriesInstanceUid = newUid() } = {},
): Uint8Array {
  const source = images.find((i) => i !== null)?.dicom;
  const elements: WriteElement[] = [];
  const present = new Set<number>();
  if (source) {
    const read = sourceText(source.dataSet);
    for (const [tag, vr] of COPIED) {
      const value = read(hex(tag));
      if (value === undefined) continue;
      elements.push({ tag, vr, value: normalise(vr, value).split('\\') });
      present.add(tag);
    }
  }
  for (const [tag, vr] of COPIED)
    if (TYPE2.has(tag) && !present.has(tag)) elements.push({ tag, vr, value: '' });
  const refs = images.flatMap((i) =>
    i ? [imageRef(i)].filter((r): r is ImageRef => r !== null) : [],
  );
  const studyUid = source?.dataSet.string('x0020000d')?.replace(/\0/g, '').trim() || newUid();
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;

  // A located finding is recorded on a DICOM image only (an ordinary image has no reference).
  const findings = (step: ReasoningRecord['steps'][number]) =>
    (step.regions ?? []).flatMap((region) => {
      const image = images[region.image - 1];
      const ref = image ? imageRef(image) : null;
      return ref ? [findingItem(region, ref)] : [];
    });
  const steps = run.steps.map((step) =>
    container('CONTAINS', CODES.step, [
      text('CONTAINS', CODES.stepText, step.text),
      ...findings(step),
      ...step.citations.map((c) =>
        container('CONTAINS', CODES.citation, [
          text('CONTAINS', CODES.guideline, c.guideline),
          ...(c.title ? [text('CONTAINS', CODES.guidelineTitle, c.title)] : []),
          ...(c.version ? [text('CONTAINS', CODES.guidelineVersion, c.version)] : []),
          text('CONTAINS', CODES.passage, c.passage),
          ...(c.url ? [text('CONTAINS', CODES.sourceUrl, c.url)] : []),
          ...(c.source ? [text('CONTAINS', CODES.chosenBy, CHOSEN_BY[c.source])] : []),
          ...percent(CODES.support, c.score),
          ...percent(CODES.judge, c.confidence),
        ]),
      ),
      ...(step.unknownCitations ?? []).map((ref) =>
        text('CONTAINS', CODES.unknownCitation, `[${ref}] (${UNKNOWN_CITATION_HINT})`),
      ),
      ...(step.unsupportedCitations ?? []).map((ref) =>
        text('CONTAINS', CODES.unsupportedCitation, `[${ref}] (${UNSUPPORTED_CITATION_HINT})`),
      ),
      // As the screen shows it: only when the step kept no citation at all.
      ...(step.noGuidelineSupport && step.citations.length === 0
        ? [text('CONTAINS', CODES.guidelineSupport, NO_GUIDELINE_SUPPORT)]
        : []),
    ]),
  );
  const seen = images.flatMap((image) => {
    if (!image) return [text('CONTAINS', CODES.nonDicomImage, 'PNG or JPEG image; not referenced')];
    const ref = imageRef(image);
    return ref ? [imageItem(ref)] : [];
  });
  const sha256 = run.model.sha256 ?? '';
  const root = container(null, CODES.report, [
    codeValue('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    // A local model's UID is derived from its hash (the same model, the same
    // device); a served model has no hash, so it gets a UID of its own.
    uidRef(
      'HAS OBS CONTEXT',
      CODES.deviceUid,
      sha256 ? `2.25.${BigInt(`0x${sha256.slice(0, 32).padEnd(32, '0')}`).toString(10)}` : newUid(),
    ),
    text('HAS OBS CONTEXT', CODES.deviceName, `MMedExpert ${run.model.name}`.slice(0, 1024)),
    text('CONTAINS', CODES.disclaimer, DISCLAIMER),
    text('CONTAINS', CODES.question, run.question),
    text('CONTAINS', CODES.algorithmName, run.model.name),
    ...(sha256 ? [text('CONTAINS', CODES.modelSha256, sha256)] : []),
    ...(run.model.server ? [text('CONTAINS', CODES.modelServer, run.model.server)] : []),
    ...seen,
    ...steps,
    text('CONTAINS', CODES.answer, run.answer),
  ]);

  elements.push(
    // SOP Common (C.12.1): UTF-8 for text from any language.
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
    { tag: 0x00080012, vr: 'DA', value: date },
    { tag: 0x00080013, vr: 'TM', value: time },
    { tag: 0x00080016, vr: 'UI', value: COMPREHENSIVE_SR },
    // The private coding scheme declared (PS3.3 C.12.1.1.5).
    {
      tag: 0x00080110,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00080102, vr: 'SH', value: MMX },
          { tag: 0x00080115, vr: 'ST', value: 'MMedExpert Desktop reasoning codes' },
          { tag: 0x00080116, vr: 'ST', value: 'MMedExpert Desktop' },
        ],
      ],
    },
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    // SR Document Series (C.17.1).
    { tag: 0x00080060, vr: 'CS', value: 'SR' },
    { tag: 0x0008103e, vr: 'LO', value: SR_SERIES_DESCRIPTION },
    { tag: 0x00081111, vr: 'SQ', value: [] },
    { tag: 0x0020000e, vr: 'UI', value: seriesInstanceUid },
    { tag: 0x00200011, vr: 'IS', value: '9901' },
    // General Equipment (C.7.5.1).
    { tag: 0x00080070, vr: 'LO', value: 'MMedExpert Desktop' },
    { tag: 0x00081090, vr: 'LO', value: 'MMedExpert Desktop' },
    { tag: 0x0020000d, vr: 'UI', value: studyUid },
    // SR Document General (C.17.2): the model's output is unverified by a person.
    { tag: 0x00200013, vr: 'IS', value: '1' },
    { tag: 0x00080023, vr: 'DA', value: date },
    { tag: 0x00080033, vr: 'TM', value: time },
    { tag: 0x0040a491, vr: 'CS', value: 'COMPLETE' },
    { tag: 0x0040a493, vr: 'CS', value: 'UNVERIFIED' },
    { tag: 0x0040a372, vr: 'SQ', value: [] },
    ...(refs.length > 0 ? [{ tag: 0x0040a385, vr: 'SQ', value: evidence(refs) }] : []),
    // SR Document Content (C.17.3): the root container.
    ...root,
  );
  return writePart10(elements);
}
