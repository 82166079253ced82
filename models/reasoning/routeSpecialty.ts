import {
  isSpecialty,
  SPECIALTIES,
  SPECIALTY_TITLES,
  type Specialty,
} from '../guidelines/specialties';
import type { SpecialtyRouting } from '../../electron/common/schemas/reasoning';

export interface RoutingInput {
  /** DICOM Modality (0008,0060), e.g. CT, MR, OP, MG. */
  modality?: string;
  /** DICOM Body Part Examined (0018,0015), e.g. CHEST, HEAD. */
  bodyPart?: string;
  /** DICOM Study Description (0008,1030). */
  studyDescription?: string;
  /** DICOM Patient's Age (0010,1010) as an Age String ("045Y", "006M") or years. */
  patientAge?: string | number;
  question?: string;
  /** The user's choice; replaces the automatic one but the reasons are still given. */
  override?: string;
}

// Modality codes: DICOM PS3.3 C.7.3.1.1.1 (defined terms).
const MODALITY_RULES: Record<string, [Specialty, number, string]> = {
  OP: ['brain-senses', 4, 'ophthalmic photography'],
  OPT: ['brain-senses', 4, 'ophthalmic tomography (OCT)'],
  OPM: ['brain-senses', 3, 'ophthalmic mapping'],
  OAM: ['brain-senses', 3, 'ophthalmic axial measurements'],
  MG: ['oncology-surgery', 4, 'mammography'],
  PT: ['oncology-surgery', 3, 'PET'],
  RTIMAGE: ['oncology-surgery', 3, 'radiotherapy imaging'],
};

// Body Part Examined values: DICOM PS3.16 CID 4031 (plus common vendor spellings).
const BODY_PART_RULES: [RegExp, Specialty, number][] = [
  [/^(HEAD|BRAIN|SKULL|EYE|ORBIT|EAR|IAC|RETINA|CIRCLEOFWILLIS)$/, 'brain-senses', 3],
  [/^(BREAST|PROSTATE|SKIN)$/, 'oncology-surgery', 3],
  [
    /^(CHEST|LUNG|THORAX|ABDOMEN|LIVER|KIDNEY|ADRENAL|THYROID|NECK|HEART|PANCREAS|CHESTABDOMEN|ABDOMENPELVIS)$/,
    'adult-medicine',
    2,
  ],
];

const KEYWORD_RULES: [Specialty, number, RegExp][] = [
  [
    'pediatrics',
    3,
    /\b(child|children|infant|neonat\w*|newborn|toddler|p(a)?ediatric\w*|boy|girl|salter|growth plate|physis|physeal|pecarn|hip dysplasia|ddh|graf)\b/,
  ],
  [
    'brain-senses',
    2,
    /\b(brain|stroke|infarct\w*|isch(a)?emi\w*|intracranial|intracerebral|h(a)?emorrhag\w*|ich|aspects|thrombectomy|alteplase|mca|cerebral|white matter|fazekas|dementia|multiple sclerosis|retina\w*|retinopathy|fundus|macula\w*|optic|eye|ocular|ophthalm\w*|ear|cochlea\w*|hearing|orbit\w*)\b/,
  ],
  [
    'oncology-surgery',
    2,
    /\b(cancer|tumou?r\w*|malignan\w*|metasta\w*|oncolog\w*|staging|recist|chemotherapy|lymphoma|melanoma|nevus|naevus|mole|skin lesion|prostate|pi-?rads|psa|breast|mammogra\w*|bi-?rads|lung-?rads|screening|surgery|surgical|postoperative|resection)\b/,
  ],
  [
    'adult-medicine',
    2,
    /\b(nodule|pulmonary|lung|chest|pneumonia|liver|cirrhosis|li-?rads|hcc|hepat\w*|kidney|renal|bosniak|cyst|thyroid|ti-?rads|adrenal|abdomen|abdominal|cardiac|heart|fleischner)\b/,
  ],
];

// Weights: one DICOM tag is a hint; the question and the image's modality and
// body part together outweigh it. An age the user wrote in the question is
// explicit and weighs more.
const DICOM_AGE_WEIGHT = 4;
const QUESTION_AGE_WEIGHT = 6;
const OLDEST_AGE = 130;

/**
 * Years from a DICOM Age String (PS3.5 6.2, "nnnD/W/M/Y") or a number;
 * undefined for "age unknown": empty, malformed, impossible (over 130 years)
 * and the all-zero placeholders anonymisers write ("000Y", "000M", "000D").
 */
export function ageInYears(age: string | number | undefined): number | undefined {
  if (age === undefined || age === '') return undefined;
  if (typeof age === 'number')
    return Number.isFinite(age) && age > 0 && age <= OLDEST_AGE ? age : undefined;
  const m = /^\s*(\d{1,3})\s*([DWMY])?\s*$/i.exec(age);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n === 0) return undefined;
  const unit = (m[2] ?? 'Y').toUpperCase();
  const years = unit === 'Y' ? n : unit === 'M' ? n / 12 : unit === 'W' ? n / 52 : n / 365;
  return years <= OLDEST_AGE ? years : undefined;
}

const titleOf = (specialty: string) =>
  isSpecialty(specialty) ? SPECIALTY_TITLES[specialty] : specialty;

/** An age stated in the question ("a 6-year-old", "3 months old"), in years. */
function ageFromText(text: string): number | undefined {
  const m = /\b(\d{1,3})[\s-]*(year|yr|month|week|day)s?[\s-]*old\b/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'year').toLowerCase();
  return unit.startsWith('y') ? n : unit === 'month' ? n / 12 : unit === 'week' ? n / 52 : n / 365;
}

const formatAge = (years: number) =>
  years >= 2 ? `${Math.floor(years)} years` : `${Math.round(years * 12)} months`;

/**
 * Chooses the specialty (and with it the guideline pack and system prompt)
 * from DICOM Modality, Body Part Examined, Study Description, patient age
 * (under 18 → pediatrics) and the question. Returns the reasons so the user
 * can see and override the choice.
 */
export function routeSpecialty(input: RoutingInput): SpecialtyRouting {
  const scores: Record<string, number> = Object.fromEntries(SPECIALTIES.map((s) => [s, 0]));
  const signals: { specialty: Specialty; weight: number; reason: string }[] = [];
  const add = (specialty: Specialty, weight: number, reason: string) => {
    scores[specialty] = (scores[specialty] ?? 0) + weight;
    signals.push({ specialty, weight, reason });
  };

  const dicomAge = ageInYears(input.patientAge);
  const questionAge = ageFromText(input.question ?? '');
  const age = questionAge ?? dicomAge;
  if (questionAge !== undefined && questionAge < 18)
    add(
      'pediatrics',
      QUESTION_AGE_WEIGHT,
      `the question gives an age of ${formatAge(questionAge)}`,
    );
  else if (questionAge === undefined && dicomAge !== undefined && dicomAge < 18)
    add('pediatrics', DICOM_AGE_WEIGHT, `patient age ${formatAge(dicomAge)} (under 18)`);

  const modality = input.modality?.trim().toUpperCase();
  const modalityRule = modality ? MODALITY_RULES[modality] : undefined;
  if (modalityRule)
    add(modalityRule[0], modalityRule[1], `modality ${modality} (${modalityRule[2]})`);

  const bodyPart = input.bodyPart?.trim().toUpperCase().replace(/\s+/g, '');
  for (const [re, specialty, weight] of BODY_PART_RULES)
    if (bodyPart && re.test(bodyPart)) add(specialty, weight, `body part ${bodyPart}`);

  for (const [label, text] of [
    ['study description', input.studyDescription],
    ['question', input.question],
  ] as const) {
    const lower = (text ?? '').toLowerCase();
    for (const [specialty, weight, re] of KEYWORD_RULES) {
      const words = [...new Set([...lower.matchAll(new RegExp(re.source, 'g'))].map((m) => m[0]))];
      if (words.length > 0)
        add(
          specialty,
          weight * Math.min(words.length, 3),
          `${label} mentions ${words
            .slice(0, 4)
            .map((w) => `"${w}"`)
            .join(', ')}`,
        );
    }
  }

  let automatic: Specialty = 'adult-medicine';
  let best = 0;
  for (const s of SPECIALTIES) {
    if ((scores[s] ?? 0) > best) {
      best = scores[s] ?? 0;
      automatic = s;
    }
  }
  const reasons = signals.map((s) => `${s.reason} → ${titleOf(s.specialty)}`);
  if (best === 0) reasons.push(`no specialty-specific signal → ${titleOf(automatic)} (default)`);
  // The signals that decided: those pointing at the chosen specialty, strongest first.
  const decisive = signals
    .filter((s) => s.specialty === automatic)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 2)
    .map((s) => s.reason);
  const because =
    decisive.length > 0 ? decisive.join('; ') : 'no specialty-specific signal (default)';

  const override = input.override?.trim();
  if (override && override !== automatic) {
    reasons.push(
      `chosen by the user: ${titleOf(override)} (automatic choice was ${titleOf(automatic)})`,
    );
    const note = contradiction(override, automatic, best, age, decisive[0]);
    return {
      specialty: override,
      reasons,
      overridden: true,
      scores,
      summary: `${titleOf(override)} — chosen by hand (the study suggests ${titleOf(automatic)}: ${because})`,
      ...(note ? { note } : {}),
    };
  }
  return {
    specialty: automatic,
    reasons,
    overridden: false,
    scores,
    summary: `${titleOf(automatic)} — ${because}`,
  };
}

/** A visible note when a manual choice contradicts the study (a 60-year-old under Pediatrics). */
function contradiction(
  chosen: string,
  automatic: Specialty,
  automaticScore: number,
  age: number | undefined,
  strongest: string | undefined,
): string | undefined {
  if (age !== undefined && chosen === 'pediatrics' && age >= 18)
    return `Pediatrics was chosen by hand, but the patient's age is ${formatAge(age)}.`;
  if (age !== undefined && age < 18 && chosen !== 'pediatrics')
    return `${titleOf(chosen)} was chosen by hand, but the patient's age is ${formatAge(age)} (under 18).`;
  if (automaticScore >= 3 && strongest)
    return `${titleOf(chosen)} was chosen by hand; the study points to ${titleOf(automatic)} (${strongest}).`;
  return undefined;
}
