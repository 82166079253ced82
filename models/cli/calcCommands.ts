import { liRads2018 } from '../guidelines/calculators/liRads2018';
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

function print(
  io: CommandIO,
  json: boolean | undefined,
  result: { recommendation: string; guideline: string; passage: string; notes: string[] },
  extra: string,
) {
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

export const calcCommands = [calcFleischnerCommand, calcTiRadsCommand, calcLiRadsCommand];
