import { bosniak2019 } from './bosniak2019';
import { BOSNIAK_FIELDS } from './checkBosniak';
import { LI_RADS_MAJOR_FIELDS, type LiRadsFacts } from './checkLiRads';
import { O_RADS_FIELDS } from './checkORads';
import {
  choiceField,
  factsFromEdit,
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
    LI_RADS_MAJOR_FIELDS satisfies CheckFields<Omit<LiRadsFacts, 'atRisk'>>,
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
  page('bosniak', 'Bosniak 2019 (cystic renal mass)', 'bosniak-2019', BOSNIAK_FIELDS, (f, need) =>
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
  page('o-rads', 'O-RADS US v2022 (adnexal lesion)', 'o-rads-us-2022', O_RADS_FIELDS, (f) =>
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
