import { bosniak2019, type BosniakInput } from '../guidelines/calculators/bosniak2019';
import { liRads2018 } from '../guidelines/calculators/liRads2018';
import {
  LUNG_RADS_FINDINGS,
  lungRads2022,
  type LungRadsInput,
} from '../guidelines/calculators/lungRads2022';
import {
  ADNEXAL_LESIONS,
  oRadsUs2022,
  type ColorScore,
  type ORadsInput,
} from '../guidelines/calculators/oRadsUs2022';
import {
  fleischner2017,
  type NoduleCount,
  type NoduleType,
  type PatientRisk,
} from '../guidelines/calculators/fleischner2017';
import {
  tiRads2017,
  type Composition,
  type EchogenicFocus,
  type Echogenicity,
  type Margin,
  type Shape,
} from '../guidelines/calculators/tiRads2017';
import {
  UsageError,
  defineCommand,
  numberFlag,
  requireFlag,
  writeJson,
  type CommandIO,
} from './command';

/** A flag whose value must be one of `choices`. */
function choiceFlag<T extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly T[],
): T {
  const v = requireFlag(value, flag);
  if (!(choices as readonly string[]).includes(v))
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}; got '${v}'`);
  return v as T;
}

const sizeFlag = (value: string | undefined, flag: string) =>
  numberFlag(requireFlag(value, flag), flag, { min: 0.1, max: 1000 }) as number;

function print<
  R extends { recommendation: string; guideline: string; passage: string; notes: string[] },
>(io: CommandIO, json: boolean | undefined, result: R, extra: string) {
  if (json) return writeJson(io, result);
  io.stdout.write(
    `${extra}${result.recommendation}\n  source: [${result.guideline}#${result.passage}]\n`,
  );
  for (const note of result.notes) io.stdout.write(`  note: ${note}\n`);
}

export const calcFleischnerCommand = defineCommand({
  path: ['calc', 'fleischner'],
  usage:
    'calc fleischner --type solid|part-solid|ground-glass --size-mm N [--solid-mm N] --count single|multiple [--risk low|high] [--json]',
  summary:
    'Fleischner 2017 follow-up for an incidental pulmonary nodule (adults 35+, not screening)',
  details:
    '  --size-mm N   average of long and short axis (rounded to the nearest mm, as the guideline says)\n' +
    '  --risk        required for solid nodules\n' +
    '  --json        {guideline:"fleischner-2017", recommendation, firstCtMonths:[from,to]|null, optional, passage, notes}',
  options: {
    type: { type: 'string' },
    'size-mm': { type: 'string' },
    'solid-mm': { type: 'string' },
    count: { type: 'string' },
    risk: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const type = choiceFlag<NoduleType>(values.type, 'type', [
      'solid',
      'part-solid',
      'ground-glass',
    ]);
    const count = choiceFlag<NoduleCount>(values.count, 'count', ['single', 'multiple']);
    const risk =
      values.risk === undefined && type !== 'solid'
        ? undefined
        : choiceFlag<PatientRisk>(values.risk, 'risk', ['low', 'high']);
    const solidMm =
      values['solid-mm'] === undefined ? undefined : sizeFlag(values['solid-mm'], 'solid-mm');
    if (solidMm !== undefined && type !== 'part-solid')
      throw new UsageError('--solid-mm is only for part-solid nodules');
    const result = fleischner2017({
      type,
      sizeMm: sizeFlag(values['size-mm'], 'size-mm'),
      solidMm,
      count,
      risk,
    });
    print(io, values.json, result, '');
  },
});

export const calcTiRadsCommand = defineCommand({
  path: ['calc', 'ti-rads'],
  usage:
    'calc ti-rads --composition cystic|spongiform|mixed|solid --echogenicity anechoic|hyperechoic|isoechoic|hypoechoic|very-hypoechoic --shape wider-than-tall|taller-than-wide --margin smooth|ill-defined|lobulated|irregular|extrathyroidal --foci none|comet-tail|macro|rim|punctate[,...] --size-mm N [--json]',
  summary: 'ACR TI-RADS 2017 points, TR level and FNA / follow-up for a thyroid nodule',
  details:
    '  --foci        one or more, comma separated; points add up\n' +
    '  --size-mm N   maximum diameter\n' +
    '  --json        {guideline:"acr-ti-rads-2017", points, level:"TR1".."TR5", action:"fna"|"follow-up"|"none", recommendation, passage, notes}',
  options: {
    composition: { type: 'string' },
    echogenicity: { type: 'string' },
    shape: { type: 'string' },
    margin: { type: 'string' },
    foci: { type: 'string' },
    'size-mm': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const fociChoices: EchogenicFocus[] = ['none', 'comet-tail', 'macro', 'rim', 'punctate'];
    const foci = requireFlag(values.foci, 'foci')
      .split(',')
      .map((f) => choiceFlag<EchogenicFocus>(f.trim(), 'foci', fociChoices));
    const result = tiRads2017({
      composition: choiceFlag<Composition>(values.composition, 'composition', [
        'cystic',
        'spongiform',
        'mixed',
        'solid',
      ]),
      echogenicity: choiceFlag<Echogenicity>(values.echogenicity, 'echogenicity', [
        'anechoic',
        'hyperechoic',
        'isoechoic',
        'hypoechoic',
        'very-hypoechoic',
      ]),
      shape: choiceFlag<Shape>(values.shape, 'shape', ['wider-than-tall', 'taller-than-wide']),
      margin: choiceFlag<Margin>(values.margin, 'margin', [
        'smooth',
        'ill-defined',
        'lobulated',
        'irregular',
        'extrathyroidal',
      ]),
      foci,
      sizeMm: sizeFlag(values['size-mm'], 'size-mm'),
    });
    print(io, values.json, result, `${result.level} (${result.points} points): `);
  },
});

export const calcLiRadsCommand = defineCommand({
  path: ['calc', 'li-rads'],
  usage:
    'calc li-rads --aphe yes|no --size-mm N [--washout] [--capsule] [--threshold-growth] [--json]',
  summary:
    'LI-RADS v2018 CT/MRI category (LR-3/4/5) from the major features, in a patient at high risk of HCC',
  details:
    '  --aphe yes|no       nonrim arterial phase hyperenhancement\n' +
    '  --washout           nonperipheral washout; --capsule enhancing capsule; --threshold-growth\n' +
    '  --json              {guideline:"li-rads-2018", category:"LR-3"|"LR-4"|"LR-5", additionalFeatures, recommendation, passage, notes}',
  options: {
    aphe: { type: 'string' },
    'size-mm': { type: 'string' },
    washout: { type: 'boolean' },
    capsule: { type: 'boolean' },
    'threshold-growth': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const result = liRads2018({
      aphe: choiceFlag(values.aphe, 'aphe', ['yes', 'no']) === 'yes',
      sizeMm: sizeFlag(values['size-mm'], 'size-mm'),
      washout: values.washout === true,
      capsule: values.capsule === true,
      thresholdGrowth: values['threshold-growth'] === true,
    });
    print(io, values.json, result, '');
  },
});

/** A choice flag that may be left out. */
const optionalChoice = <T extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly T[],
): T | undefined => (value === undefined ? undefined : choiceFlag(value, flag, choices));

const optionalYesNo = (value: string | undefined, flag: string): boolean | undefined =>
  value === undefined ? undefined : choiceFlag(value, flag, ['yes', 'no']) === 'yes';

const optionalSize = (value: string | undefined, flag: string) =>
  value === undefined ? undefined : sizeFlag(value, flag);

/** The defined fields of a calculator's input, echoed in --json as the inputs it assumed. */
const definedInputs = (input: object) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

/** Runs a calculator; its refusal of incomplete or impossible input is a usage error (exit 2). */
function calculate<I extends object, R>(calculator: (input: I) => R, input: I): R {
  try {
    return calculator(input);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message.replace(/^\w+: /, ''));
    throw error;
  }
}

export const calcLungRadsCommand = defineCommand({
  path: ['calc', 'lung-rads'],
  usage:
    'calc lung-rads --type none|benign|inflammatory|solid|part-solid|ground-glass|juxtapleural|airway|atypical-cyst --scan baseline|follow-up [--change new|growing|stable] [--size-mm N] [--solid-mm N] [--airway subsegmental|segmental] [--cyst thin-walled|thick-walled|multilocular] [--prior 2|3|4A] [--suspicious] [--incomplete] [--json]',
  summary:
    'Lung-RADS v2022 category (0, 1, 2, 3, 4A, 4B, 4X) and management for a lung cancer screening LDCT',
  details:
    '  --type        the most suspicious finding; benign = benign calcification or fat, inflammatory = looks like infection\n' +
    '  --change      required on a follow-up scan; stable includes smaller\n' +
    '  --size-mm N   mean of long and short axis (one decimal place); --solid-mm the solid part of a part-solid nodule\n' +
    '  --prior       the category a stable finding had before (stepped management: 3 → 2, 4A → 3)\n' +
    '  --suspicious  spiculation, enlarged nodes or other features raising concern (category 3/4 → 4X)\n' +
    '  --incomplete  a prior CT is awaited for comparison, or part of the lungs was not assessed (category 0)\n' +
    '  --json        {guideline:"lung-rads-2022", category, management, recommendation, passage, inputs, notes}',
  options: {
    type: { type: 'string' },
    scan: { type: 'string' },
    change: { type: 'string' },
    'size-mm': { type: 'string' },
    'solid-mm': { type: 'string' },
    airway: { type: 'string' },
    cyst: { type: 'string' },
    prior: { type: 'string' },
    suspicious: { type: 'boolean' },
    incomplete: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const input: LungRadsInput = {
      finding: choiceFlag(values.type, 'type', LUNG_RADS_FINDINGS),
      scan: choiceFlag(values.scan, 'scan', ['baseline', 'follow-up']),
      change: optionalChoice(values.change, 'change', ['new', 'growing', 'stable']),
      sizeMm: optionalSize(values['size-mm'], 'size-mm'),
      solidMm: optionalSize(values['solid-mm'], 'solid-mm'),
      airway: optionalChoice(values.airway, 'airway', ['subsegmental', 'segmental']),
      cyst: optionalChoice(values.cyst, 'cyst', ['thin-walled', 'thick-walled', 'multilocular']),
      prior: optionalChoice(values.prior, 'prior', ['2', '3', '4A']),
      suspicious: values.suspicious === true,
      incomplete: values.incomplete === true,
    };
    if (input.scan === 'baseline' && input.change !== undefined)
      throw new UsageError('--change is only for a follow-up scan');
    const result = calculate(lungRads2022, input);
    print(io, values.json, { ...result, inputs: definedInputs(input) }, '');
  },
});

export const calcBosniakCommand = defineCommand({
  path: ['calc', 'bosniak'],
  usage:
    'calc bosniak --modality ct|mri [--phase unenhanced|portal-venous|renal-mass] --wall-mm N --septa N [--septa-mm N] [--enhancing yes|no] [--protrusion-mm N --protrusion-margin obtuse|acute] [--hu N] [--enhancement-hu N] [--mri-signal simple|t2-bright|t1-bright|t1-heterogeneous] [--calcification] [--too-small] [--json]',
  summary: 'Bosniak 2019 class (I, II, IIF, III, IV) of a cystic renal mass at CT or MRI',
  details:
    '  --phase            CT only: unenhanced, a single portal venous phase, or the renal-mass protocol\n' +
    '  --wall-mm, --septa-mm   thickness in mm (read in whole mm: ≤ 2 thin, 3 minimally thickened, ≥ 4 thick)\n' +
    '  --enhancing        whether the thickened wall, septa or protrusion enhance (needed when they could raise the class)\n' +
    '  --protrusion-mm    height of the largest convex protrusion; --protrusion-margin how it meets the wall\n' +
    '  --hu               attenuation of the contents in the phase named; --enhancement-hu its rise (renal-mass protocol)\n' +
    '  --mri-signal       MRI: simple fluid, markedly T2 bright, markedly T1 bright, or heterogeneously T1 bright\n' +
    '  --json             {guideline:"bosniak-2019", category, management, recommendation, passage, inputs, notes}',
  options: {
    modality: { type: 'string' },
    phase: { type: 'string' },
    'wall-mm': { type: 'string' },
    septa: { type: 'string' },
    'septa-mm': { type: 'string' },
    enhancing: { type: 'string' },
    'protrusion-mm': { type: 'string' },
    'protrusion-margin': { type: 'string' },
    hu: { type: 'string' },
    'enhancement-hu': { type: 'string' },
    'mri-signal': { type: 'string' },
    calcification: { type: 'boolean' },
    'too-small': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const modality = choiceFlag(values.modality, 'modality', ['ct', 'mri']);
    const phase = optionalChoice(values.phase, 'phase', [
      'unenhanced',
      'portal-venous',
      'renal-mass',
    ]);
    if (modality === 'mri' && (phase || values.hu || values['enhancement-hu']))
      throw new UsageError('--phase, --hu and --enhancement-hu are for CT');
    if (modality === 'ct' && values['mri-signal']) throw new UsageError('--mri-signal is for MRI');
    const hu = (flag: 'hu' | 'enhancement-hu') =>
      numberFlag(values[flag], flag, { min: -1000, max: 3000 });
    const input: BosniakInput = {
      modality,
      phase,
      wallMm: numberFlag(requireFlag(values['wall-mm'], 'wall-mm'), 'wall-mm', {
        min: 0,
        max: 100,
      }) as number,
      septa: numberFlag(requireFlag(values.septa, 'septa'), 'septa', {
        min: 0,
        max: 1000,
        integer: true,
      }) as number,
      septaMm: optionalSize(values['septa-mm'], 'septa-mm'),
      enhancing: optionalYesNo(values.enhancing, 'enhancing'),
      protrusionMm: optionalSize(values['protrusion-mm'], 'protrusion-mm'),
      protrusionMargin: optionalChoice(values['protrusion-margin'], 'protrusion-margin', [
        'obtuse',
        'acute',
      ]),
      hu: hu('hu'),
      enhancementHu: hu('enhancement-hu'),
      mriSignal: optionalChoice(values['mri-signal'], 'mri-signal', [
        'simple',
        't2-bright',
        't1-bright',
        't1-heterogeneous',
      ]),
      calcification: values.calcification === true,
      tooSmall: values['too-small'] === true,
    };
    const result = calculate(bosniak2019, input);
    print(io, values.json, { ...result, inputs: definedInputs(input) }, '');
  },
});

export const calcORadsCommand = defineCommand({
  path: ['calc', 'o-rads'],
  usage:
    'calc o-rads --lesion normal|simple-cyst|corpus-luteum|unilocular|bilocular|multilocular|solid|hemorrhagic|dermoid|endometrioma|paraovarian|peritoneal-inclusion|hydrosalpinx [--size-cm N] [--menopause pre|post] [--inner-wall smooth|irregular] [--papillary N] [--solid-component yes|no] [--color-score 1-4] [--outer-contour smooth|irregular] [--shadowing yes|no] [--ascites] [--incomplete] [--json]',
  summary: 'O-RADS US v2022 category (0–5), risk of malignancy and management of an adnexal lesion',
  details:
    '  --lesion         unilocular / bilocular = non-simple cysts; hemorrhagic, dermoid, endometrioma … = classic benign lesions\n' +
    '  --size-cm N      maximum diameter; --menopause is needed for a simple cyst or corpus luteum of 3 cm or less\n' +
    '  --papillary N    papillary projections (solid protrusions 3 mm or more high) of a unilocular cyst (default 0)\n' +
    '  --ascites        ascites and/or peritoneal nodules (O-RADS 5); --incomplete technically limited (O-RADS 0)\n' +
    '  --json           {guideline:"o-rads-us-2022", category, risk, management, recommendation, passage, inputs, notes}',
  options: {
    lesion: { type: 'string' },
    'size-cm': { type: 'string' },
    menopause: { type: 'string' },
    'inner-wall': { type: 'string' },
    papillary: { type: 'string' },
    'solid-component': { type: 'string' },
    'color-score': { type: 'string' },
    'outer-contour': { type: 'string' },
    shadowing: { type: 'string' },
    ascites: { type: 'boolean' },
    incomplete: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const incomplete = values.incomplete === true;
    const contour = ['smooth', 'irregular'] as const;
    const color = optionalChoice(values['color-score'], 'color-score', ['1', '2', '3', '4']);
    const input: ORadsInput = {
      incomplete,
      ascites: values.ascites === true,
      lesion: incomplete
        ? optionalChoice(values.lesion, 'lesion', ADNEXAL_LESIONS)
        : choiceFlag(values.lesion, 'lesion', ADNEXAL_LESIONS),
      sizeCm:
        values['size-cm'] === undefined
          ? undefined
          : numberFlag(values['size-cm'], 'size-cm', { min: 0.1, max: 100 }),
      menopause: optionalChoice(values.menopause, 'menopause', ['pre', 'post']),
      innerWall: optionalChoice(values['inner-wall'], 'inner-wall', contour),
      papillary: numberFlag(values.papillary, 'papillary', { min: 0, max: 100, integer: true }),
      solidComponent: optionalYesNo(values['solid-component'], 'solid-component'),
      colorScore: color === undefined ? undefined : COLOR_SCORES[Number(color) - 1],
      outerContour: optionalChoice(values['outer-contour'], 'outer-contour', contour),
      shadowing: optionalYesNo(values.shadowing, 'shadowing'),
    };
    const result = calculate(oRadsUs2022, input);
    print(io, values.json, { ...result, inputs: definedInputs(input) }, '');
  },
});

const COLOR_SCORES: readonly ColorScore[] = [1, 2, 3, 4];

export const calcCommands = [
  calcFleischnerCommand,
  calcTiRadsCommand,
  calcLiRadsCommand,
  calcLungRadsCommand,
  calcBosniakCommand,
  calcORadsCommand,
];
