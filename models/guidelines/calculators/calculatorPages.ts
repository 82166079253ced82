import { bosniak2019, type BosniakInput } from './bosniak2019';
import {
  choiceField,
  factsFromEdit,
  numberField,
  sizeField,
  type CheckEdit,
  type CheckField,
  type CheckFields,
} from './checkFields';
import { FLEISCHNER_FIELDS } from './checkFleischner';
import { LUNG_RADS_FIELDS } from './checkLungRads';
import { TI_RADS_FIELDS } from './checkTiRads';
import { fleischner2017 } from './fleischner2017';
import { liRads2018 } from './liRads2018';
import { lungRads2022 } from './lungRads2022';
import { oRadsUs2022, type ColorScore } from './oRadsUs2022';
import { tiRads2017 } from './tiRads2017';

/** What a calculator page shows: the table's answer and the passage it comes from. */
export interface CalculatorOutcome {
  guideline: string;
  category?: string;
  recommendation: string;
  passage: string;
  notes: string[];
}

/** One calculator's page in the guideline library, and the `mmx calc` command that does the same. */
export interface CalculatorPage {
  /** The `mmx calc` name. */
  id: string;
  title: string;
  /** The guideline id in our packs. */
  guideline: string;
  fields: Readonly<Record<string, CheckField<unknown>>>;
  /** The outcome for the inputs chosen; throws RangeError naming what is missing or impossible. */
  calculate(edit: CheckEdit): CalculatorOutcome;
}

function page<F extends object>(
  id: string,
  title: string,
  guideline: string,
  fields: CheckFields<F>,
  run: (
    facts: Partial<F>,
    need: <K extends keyof F>(key: K) => NonNullable<F[K]>,
  ) => CalculatorOutcome,
): CalculatorPage {
  return {
    id,
    title,
    guideline,
    fields,
    calculate(edit) {
      const facts = factsFromEdit(fields, edit);
      const need = <K extends keyof F>(key: K): NonNullable<F[K]> => {
        const value = facts[key];
        if (value === undefined || value === null)
          throw new RangeError(`${id}: the ${fields[key].label} is needed`);
        return value;
      };
      return run(facts, need);
    },
  };
}

const yesNo = (label: string) => choiceField(label, ['yes', 'no']);
const isYes = (value: 'yes' | 'no' | undefined) => value === 'yes';

interface LiRadsFacts {
  aphe?: 'yes' | 'no';
  sizeMm?: number;
  washout?: 'yes' | 'no';
  capsule?: 'yes' | 'no';
  thresholdGrowth?: 'yes' | 'no';
}

type BosniakFacts = {
  [K in keyof BosniakInput]?: BosniakInput[K] extends boolean | undefined
    ? 'yes' | 'no'
    : NonNullable<BosniakInput[K]>;
};

interface ORadsFacts {
  lesion?: NonNullable<Parameters<typeof oRadsUs2022>[0]['lesion']>;
  sizeCm?: number;
  menopause?: 'pre' | 'post';
  innerWall?: 'smooth' | 'irregular';
  papillary?: number;
  solidComponent?: 'yes' | 'no';
  colorScore?: '1' | '2' | '3' | '4';
  outerContour?: 'smooth' | 'irregular';
  shadowing?: 'yes' | 'no';
  ascites?: 'yes' | 'no';
  incomplete?: 'yes' | 'no';
}

const COLOR_SCORES: Record<'1' | '2' | '3' | '4', ColorScore> = { '1': 1, '2': 2, '3': 3, '4': 4 };
const optionalYes = (value: 'yes' | 'no' | undefined) =>
  value === undefined ? undefined : value === 'yes';

/** Every calculator, in the order `mmx calc --help` lists them. */
export const CALCULATOR_PAGES: readonly CalculatorPage[] = [
  page(
    'fleischner',
    'Fleischner 2017 (incidental pulmonary nodule)',
    'fleischner-2017',
    FLEISCHNER_FIELDS,
    (f, need) =>
      fleischner2017({
        type: need('type'),
        sizeMm: need('sizeMm'),
        solidMm: f.solidMm,
        count: need('count'),
        risk: f.risk,
      }),
  ),
  page(
    'ti-rads',
    'ACR TI-RADS 2017 (thyroid nodule)',
    'acr-ti-rads-2017',
    TI_RADS_FIELDS,
    (f, need) => {
      const r = tiRads2017({
        composition: need('composition'),
        echogenicity: need('echogenicity'),
        shape: need('shape'),
        margin: need('margin'),
        foci: need('foci'),
        sizeMm: need('sizeMm'),
      });
      return { ...r, category: r.level };
    },
  ),
  page(
    'li-rads',
    'LI-RADS v2018 CT/MRI major features',
    'li-rads-2018',
    {
      aphe: yesNo('nonrim APHE'),
      sizeMm: sizeField('size (mm)'),
      washout: yesNo('nonperipheral washout'),
      capsule: yesNo('enhancing capsule'),
      thresholdGrowth: yesNo('threshold growth'),
    } satisfies CheckFields<LiRadsFacts>,
    (f, need) =>
      liRads2018({
        aphe: need('aphe') === 'yes',
        sizeMm: need('sizeMm'),
        washout: isYes(f.washout),
        capsule: isYes(f.capsule),
        thresholdGrowth: isYes(f.thresholdGrowth),
      }),
  ),
  page(
    'lung-rads',
    'Lung-RADS v2022 (screening LDCT)',
    'lung-rads-2022',
    { ...LUNG_RADS_FIELDS, incomplete: yesNo('incomplete examination') },
    (f, need) =>
      lungRads2022({
        finding: need('type'),
        scan:
          f.type === 'none' || f.type === 'benign' || f.type === 'inflammatory'
            ? (f.scan ?? 'baseline')
            : need('scan'),
        change: f.scan === 'follow-up' ? f.change : undefined,
        sizeMm: f.sizeMm,
        solidMm: f.solidMm,
        airway: f.airway,
        cyst: f.cyst,
        prior: f.prior,
        suspicious: isYes(f.suspicious),
        incomplete: isYes(f.incomplete),
      }),
  ),
  page(
    'bosniak',
    'Bosniak 2019 (cystic renal mass)',
    'bosniak-2019',
    {
      modality: choiceField('modality', ['ct', 'mri']),
      phase: choiceField('CT phase', ['unenhanced', 'portal-venous', 'renal-mass']),
      wallMm: numberField('wall (mm)', { min: 0, max: 100 }),
      septa: numberField('septa', { min: 0, max: 1000, integer: true }),
      septaMm: sizeField('thickest septum (mm)'),
      enhancing: yesNo('wall / septa / protrusion enhance'),
      protrusionMm: sizeField('protrusion (mm)'),
      protrusionMargin: choiceField('protrusion margin', ['obtuse', 'acute']),
      hu: numberField('attenuation (HU)', { min: -1000, max: 3000 }),
      enhancementHu: numberField('rise in attenuation (HU)', { min: -1000, max: 3000 }),
      mriSignal: choiceField('MRI signal', [
        'simple',
        't2-bright',
        't1-bright',
        't1-heterogeneous',
      ]),
      calcification: yesNo('calcification'),
      tooSmall: yesNo('too small to characterise'),
    } satisfies CheckFields<BosniakFacts>,
    (f, need) =>
      bosniak2019({
        modality: need('modality'),
        phase: f.modality === 'ct' ? f.phase : undefined,
        wallMm: need('wallMm'),
        septa: need('septa'),
        septaMm: f.septaMm,
        enhancing: optionalYes(f.enhancing),
        protrusionMm: f.protrusionMm,
        protrusionMargin: f.protrusionMargin,
        hu: f.modality === 'ct' ? f.hu : undefined,
        enhancementHu: f.modality === 'ct' ? f.enhancementHu : undefined,
        mriSignal: f.modality === 'mri' ? f.mriSignal : undefined,
        calcification: isYes(f.calcification),
        tooSmall: isYes(f.tooSmall),
      }),
  ),
  page(
    'o-rads',
    'O-RADS US v2022 (adnexal lesion)',
    'o-rads-us-2022',
    {
      lesion: choiceField('lesion', [
        'normal',
        'simple-cyst',
        'corpus-luteum',
        'unilocular',
        'bilocular',
        'multilocular',
        'solid',
        'hemorrhagic',
        'dermoid',
        'endometrioma',
        'paraovarian',
        'peritoneal-inclusion',
        'hydrosalpinx',
      ]),
      sizeCm: numberField('size (cm)', { min: 0.1, max: 100 }),
      menopause: choiceField('menopause', ['pre', 'post']),
      innerWall: choiceField('inner wall', ['smooth', 'irregular']),
      papillary: numberField('papillary projections', { min: 0, max: 100, integer: true }),
      solidComponent: yesNo('solid component'),
      colorScore: choiceField('colour score', ['1', '2', '3', '4']),
      outerContour: choiceField('outer contour', ['smooth', 'irregular']),
      shadowing: yesNo('shadowing'),
      ascites: yesNo('ascites / peritoneal nodules'),
      incomplete: yesNo('incomplete evaluation'),
    } satisfies CheckFields<ORadsFacts>,
    (f) =>
      oRadsUs2022({
        ...f,
        solidComponent: optionalYes(f.solidComponent),
        shadowing: optionalYes(f.shadowing),
        ascites: isYes(f.ascites),
        incomplete: isYes(f.incomplete),
        colorScore: f.colorScore === undefined ? undefined : COLOR_SCORES[f.colorScore],
      }),
  ),
];
