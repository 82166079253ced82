/**
 * LI-RADS v2018 CT/MRI diagnostic table (ACR; Chernyak et al., Radiology
 * 2018;289:816–830): the category of an observation in a patient at high
 * risk of HCC from arterial phase hyperenhancement, size and the count of
 * additional major features. Observations with LR-M or tumour-in-vein
 * features, and definitely benign ones (LR-1/2), leave the table first;
 * ancillary features may then adjust by one category (not modelled here).
 */
export interface LiRadsInput {
  /** Nonrim arterial phase hyperenhancement. */
  aphe: boolean;
  /** Observation size in mm. */
  sizeMm: number;
  washout: boolean;
  capsule: boolean;
  thresholdGrowth: boolean;
}

export type LiRadsCategory = 'LR-3' | 'LR-4' | 'LR-5';

export interface LiRadsResult {
  guideline: 'li-rads-2018';
  category: LiRadsCategory;
  /** How many of washout, capsule and threshold growth were present. */
  additionalFeatures: number;
  recommendation: string;
  passage: string;
  notes: string[];
}

const PASSAGE: Record<LiRadsCategory, string> = {
  'LR-3': 'lr3-criteria',
  'LR-4': 'lr4-criteria',
  'LR-5': 'lr5-criteria',
};

const ADVICE: Record<LiRadsCategory, string> = {
  'LR-3': 'intermediate probability of HCC; repeat or alternative imaging in 3–6 months',
  'LR-4':
    'probably HCC; multidisciplinary discussion, often biopsy or repeat imaging in 3 months or less',
  'LR-5': 'definitely HCC; treat without biopsy in the right clinical setting',
};

/** The LI-RADS v2018 CT/MRI category from the major features. */
export function liRads2018(input: LiRadsInput): LiRadsResult {
  if (!Number.isFinite(input.sizeMm) || input.sizeMm <= 0)
    throw new RangeError(
      'liRads2018: the observation size must be a positive number of millimetres',
    );
  const features = [input.washout, input.capsule, input.thresholdGrowth].filter(Boolean).length;
  const size = input.sizeMm;
  let category: LiRadsCategory;
  if (!input.aphe) {
    category = features >= 2 || (features === 1 && size >= 20) ? 'LR-4' : 'LR-3';
  } else if (size < 10) {
    category = features === 0 ? 'LR-3' : 'LR-4';
  } else if (size < 20) {
    // v2018: at 10–19 mm, washout or threshold growth alone makes LR-5, a capsule alone LR-4.
    if (features === 0) category = 'LR-3';
    else if (features >= 2 || input.washout || input.thresholdGrowth) category = 'LR-5';
    else category = 'LR-4';
  } else {
    category = features === 0 ? 'LR-4' : 'LR-5';
  }
  return {
    guideline: 'li-rads-2018',
    category,
    additionalFeatures: features,
    recommendation: `${category}: ${ADVICE[category]}.`,
    passage: PASSAGE[category],
    notes: [
      'Only for patients at high risk of HCC (cirrhosis, chronic hepatitis B, current or prior HCC); LR-M and LR-TIV features are assessed first.',
      'Ancillary features may raise or lower the category by one (not to LR-5 by ancillary features alone).',
    ],
  };
}
