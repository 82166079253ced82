/**
 * Lung-RADS v2022 for lung cancer screening low-dose CT (ACR; Christensen et
 * al., J Am Coll Radiol 2024;21:473–488): the category of the most
 * suspicious finding and its management, restated as a decision table. The
 * ACR's own wording is not copied. Sizes are mean diameters (average of long
 * and short axis) to one decimal place, as the system measures them, so
 * 5.96 mm is read as 6.0 mm.
 */
/** The findings the table categorises (the CLI's --type and the Guideline check's choices). */
export const LUNG_RADS_FINDINGS = [
  'none',
  'benign',
  'inflammatory',
  'solid',
  'part-solid',
  'ground-glass',
  'juxtapleural',
  'airway',
  'atypical-cyst',
] as const;
export type LungRadsFinding = (typeof LUNG_RADS_FINDINGS)[number];
export type LungRadsScan = 'baseline' | 'follow-up';
/** How a finding on a follow-up scan compares with the prior one; "stable" includes smaller. */
export type LungRadsChange = 'new' | 'growing' | 'stable';
export type AirwayLevel = 'subsegmental' | 'segmental';
export type CystKind = 'thin-walled' | 'thick-walled' | 'multilocular';
export type LungRadsCategory = '0' | '1' | '2' | '3' | '4A' | '4B' | '4X';
/** The categories stepped management starts from (v2022: 3 → 2 and 4A → 3 when stable). */
export type PriorCategory = '2' | '3' | '4A';

export interface LungRadsInput {
  finding: LungRadsFinding;
  scan: LungRadsScan;
  /** Required on a follow-up scan for a nodule, airway nodule or cyst. */
  change?: LungRadsChange;
  /** Mean diameter in mm (solid, part-solid, ground-glass, juxtapleural). */
  sizeMm?: number;
  /** Mean diameter of the solid component of a part-solid nodule, in mm. */
  solidMm?: number;
  airway?: AirwayLevel;
  cyst?: CystKind;
  /** The category a stable finding had before (stepped management). */
  prior?: PriorCategory;
  /** Features that raise concern for cancer (spiculation, lymph nodes, a GGN doubling in a year). */
  suspicious?: boolean;
  /** A prior CT is awaited for comparison, or part of the lungs could not be assessed. */
  incomplete?: boolean;
}

export interface LungRadsResult {
  guideline: 'lung-rads-2022';
  category: LungRadsCategory;
  management: string;
  recommendation: string;
  passage: string;
  notes: string[];
}

const MANAGEMENT: Record<LungRadsCategory, string> = {
  '0': 'complete the examination (comparison with the prior CT, or imaging of the parts not assessed) before categorising',
  '1': 'continue annual screening with LDCT in 12 months',
  '2': 'continue annual screening with LDCT in 12 months',
  '3': 'LDCT in 6 months',
  '4A': 'LDCT in 3 months; PET/CT may be considered when a solid nodule or solid component is 8 mm or more',
  '4B': 'diagnostic chest CT, PET/CT (when a solid nodule or component is 8 mm or more) and/or tissue sampling, chosen by the probability of malignancy and comorbidity',
  '4X': 'diagnostic chest CT, PET/CT and/or tissue sampling, chosen by the probability of malignancy and comorbidity',
};

const PASSAGE: Record<LungRadsCategory, string> = {
  '0': 'category-0',
  '1': 'category-1',
  '2': 'category-2',
  '3': 'category-3',
  '4A': 'category-4a',
  '4B': 'category-4b',
  '4X': 'category-4x',
};

const SCOPE_NOTE =
  'For lung cancer screening LDCT only; incidental nodules follow the Fleischner guidelines.';

/** One decimal place, as Lung-RADS reports mean diameters. */
const oneDecimal = (mm: number) => Math.round(mm * 10) / 10;

function positiveMm(value: number | undefined, what: string): number {
  if (value === undefined) throw new RangeError(`lungRads2022: ${what} is needed`);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`lungRads2022: ${what} must be a positive number of millimetres`);
  return oneDecimal(value);
}

function solidCategory(
  size: number,
  scan: LungRadsScan,
  change: LungRadsChange | undefined,
): LungRadsCategory {
  if (scan === 'baseline') return size < 6 ? '2' : size < 8 ? '3' : size < 15 ? '4A' : '4B';
  if (change === 'growing') return size < 8 ? '4A' : '4B';
  // New on a follow-up scan.
  return size < 4 ? '2' : size < 6 ? '3' : size < 8 ? '4A' : '4B';
}

function partSolidCategory(
  total: number,
  solid: number,
  scan: LungRadsScan,
  change: LungRadsChange | undefined,
): LungRadsCategory {
  if (scan === 'baseline') {
    if (total < 6) return '2';
    return solid < 6 ? '3' : solid < 8 ? '4A' : '4B';
  }
  if (change === 'new' && total < 6) return '3';
  // New (6 mm or more in total) or with a growing solid component.
  return solid < 4 ? '4A' : '4B';
}

function cystCategory(cyst: CystKind, change: LungRadsChange | undefined): LungRadsCategory {
  const growing = change === 'growing';
  if (cyst === 'thin-walled') {
    if (growing) return '3';
    throw new RangeError(
      'lungRads2022: a thin-walled cyst that is not growing is not an atypical cyst and has no Lung-RADS cyst category',
    );
  }
  return growing ? '4B' : '4A';
}

/** The Lung-RADS v2022 category and management for the most suspicious finding of one screening CT. */
export function lungRads2022(input: LungRadsInput): LungRadsResult {
  const { finding, scan } = input;
  const notes: string[] = [SCOPE_NOTE];
  const result = (category: LungRadsCategory, passage = PASSAGE[category]): LungRadsResult => ({
    guideline: 'lung-rads-2022',
    category,
    management: MANAGEMENT[category],
    recommendation: `Lung-RADS ${category}: ${MANAGEMENT[category]}.`,
    passage,
    notes,
  });
  if (input.incomplete) return result('0');
  if (finding === 'inflammatory') {
    notes.push('Findings suggesting infection or inflammation: a repeat LDCT in 1–3 months.');
    return result('0');
  }
  if (finding === 'none' || finding === 'benign') return result('1');

  const followUp = scan === 'follow-up';
  const change = followUp ? input.change : undefined;
  if (followUp && !change)
    throw new RangeError(
      'lungRads2022: on a follow-up scan say whether the finding is new, growing or stable',
    );
  let category: LungRadsCategory;
  let passage: string | undefined;
  if (finding === 'airway') {
    if (!input.airway)
      throw new RangeError(
        'lungRads2022: an airway nodule needs its level (subsegmental or segmental)',
      );
    // Segmental or more proximal: 4A when first seen, 4B when it persists or grows at the 3-month scan.
    category = input.airway === 'subsegmental' ? '2' : change && change !== 'new' ? '4B' : '4A';
  } else if (change === 'stable' && finding !== 'ground-glass') {
    if (!input.prior)
      throw new RangeError(
        'lungRads2022: a stable finding needs the category it had before (2, 3 or 4A) for stepped management',
      );
    category = input.prior === '4A' ? '3' : '2';
    passage = 'stepped-management';
  } else if (finding === 'atypical-cyst') {
    if (!input.cyst)
      throw new RangeError(
        'lungRads2022: an atypical cyst needs its kind (thin-walled, thick-walled or multilocular)',
      );
    category = cystCategory(input.cyst, change);
    passage = 'atypical-cysts';
  } else {
    const size = positiveMm(input.sizeMm, 'the mean diameter (--size-mm)');
    if (input.solidMm !== undefined && finding !== 'part-solid')
      throw new RangeError('lungRads2022: a solid component is only for part-solid nodules');
    if (finding === 'ground-glass') {
      // Under 30 mm: benign at baseline, new or growing; 30 mm or more: 3 at baseline or new, 2 once stable or slowly growing.
      category = size >= 30 && (scan === 'baseline' || change === 'new') ? '3' : '2';
    } else if (finding === 'juxtapleural' && size < 10 && change !== 'growing') {
      notes.push(
        'Juxtapleural category 2 assumes a solid nodule with smooth margins and an oval, lentiform or triangular shape.',
      );
      category = '2';
    } else if (finding === 'part-solid') {
      const solid = positiveMm(input.solidMm, 'the solid component (--solid-mm)');
      if (solid > size)
        throw new RangeError('lungRads2022: the solid component cannot exceed the whole nodule');
      if (change === 'growing')
        notes.push('Growth of a part-solid nodule is read as growth of its solid component.');
      category = partSolidCategory(size, solid, scan, change);
    } else {
      if (finding === 'juxtapleural')
        notes.push(
          'A juxtapleural nodule of 10 mm or more, or a growing one, is categorised as a solid nodule.',
        );
      category = solidCategory(size, scan, change);
    }
  }
  if (input.suspicious) {
    // 4X upgrades category 3 and 4 findings; the system's own example of a
    // concerning feature is a growing ground-glass nodule that doubled in a year.
    const growingGgn = finding === 'ground-glass' && change === 'growing';
    if (category === '3' || category === '4A' || category === '4B' || growingGgn)
      return result('4X');
    notes.push('4X applies only to findings that would be category 3 or 4; the category stands.');
  }
  return result(category, passage);
}
