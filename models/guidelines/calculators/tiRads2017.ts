/**
 * ACR TI-RADS 2017 (Tessler et al., J Am Coll Radiol 2017;14:587–595):
 * points from five ultrasound feature categories, the TR level they sum to,
 * and the size thresholds for FNA and for follow-up. Restated as a table;
 * the ACR's chart itself is not copied.
 */
export type Composition = 'cystic' | 'spongiform' | 'mixed' | 'solid';
export type Echogenicity =
  'anechoic' | 'hyperechoic' | 'isoechoic' | 'hypoechoic' | 'very-hypoechoic';
export type Shape = 'wider-than-tall' | 'taller-than-wide';
export type Margin = 'smooth' | 'ill-defined' | 'lobulated' | 'irregular' | 'extrathyroidal';
export type EchogenicFocus = 'none' | 'comet-tail' | 'macro' | 'rim' | 'punctate';

export interface TiRadsInput {
  composition: Composition;
  echogenicity: Echogenicity;
  shape: Shape;
  margin: Margin;
  /** One or more; points add up. */
  foci: EchogenicFocus[];
  /** Maximum diameter in mm. */
  sizeMm: number;
}

export type TiRadsLevel = 'TR1' | 'TR2' | 'TR3' | 'TR4' | 'TR5';

export interface TiRadsResult {
  guideline: 'acr-ti-rads-2017';
  points: number;
  level: TiRadsLevel;
  action: 'fna' | 'follow-up' | 'none';
  recommendation: string;
  passage: string;
  notes: string[];
}

const COMPOSITION: Record<Composition, number> = { cystic: 0, spongiform: 0, mixed: 1, solid: 2 };
const ECHOGENICITY: Record<Echogenicity, number> = {
  anechoic: 0,
  hyperechoic: 1,
  isoechoic: 1,
  hypoechoic: 2,
  'very-hypoechoic': 3,
};
const SHAPE: Record<Shape, number> = { 'wider-than-tall': 0, 'taller-than-wide': 3 };
const MARGIN: Record<Margin, number> = {
  smooth: 0,
  'ill-defined': 0,
  lobulated: 2,
  irregular: 2,
  extrathyroidal: 3,
};
const FOCI: Record<EchogenicFocus, number> = {
  none: 0,
  'comet-tail': 0,
  macro: 1,
  rim: 2,
  punctate: 3,
};

// Size thresholds in mm per level: FNA at or above `fna`, follow-up at or above `follow`.
const THRESHOLDS: Partial<Record<TiRadsLevel, { fna: number; follow: number; schedule: string }>> =
  {
    TR3: { fna: 25, follow: 15, schedule: 'at 1, 3 and 5 years' },
    TR4: { fna: 15, follow: 10, schedule: 'at 1, 2, 3 and 5 years' },
    TR5: { fna: 10, follow: 5, schedule: 'every year for up to 5 years' },
  };

/** The TR level for a point total. The chart lists 0 (TR1) and 2 (TR2); a total of 1 is read as TR1 (not suspicious, no action). */
export function tiRadsLevel(points: number): TiRadsLevel {
  if (points <= 1) return 'TR1';
  if (points === 2) return 'TR2';
  if (points === 3) return 'TR3';
  if (points <= 6) return 'TR4';
  return 'TR5';
}

/** Points, level and the FNA / follow-up action for one thyroid nodule. */
export function tiRads2017(input: TiRadsInput): TiRadsResult {
  if (!Number.isFinite(input.sizeMm) || input.sizeMm <= 0)
    throw new RangeError('tiRads2017: the nodule size must be a positive number of millimetres');
  if (input.foci.length === 0)
    throw new RangeError('tiRads2017: name the echogenic foci (or "none")');
  const notes: string[] = [];
  // A spongiform nodule is benign: the other categories add no points.
  const points =
    input.composition === 'spongiform'
      ? 0
      : COMPOSITION[input.composition] +
        ECHOGENICITY[input.echogenicity] +
        SHAPE[input.shape] +
        MARGIN[input.margin] +
        [...new Set(input.foci)].reduce((sum, f) => sum + FOCI[f], 0);
  if (input.composition === 'spongiform')
    notes.push('Spongiform: no points are added for other features.');
  const level = tiRadsLevel(points);
  const threshold = THRESHOLDS[level];
  const result = (action: TiRadsResult['action'], recommendation: string, passage: string) => ({
    guideline: 'acr-ti-rads-2017' as const,
    points,
    level,
    action,
    recommendation,
    passage,
    notes,
  });
  if (!threshold) return result('none', `${level}: no FNA and no follow-up.`, 'levels');
  const cm = (mm: number) => `${mm / 10} cm`;
  const size = `${level}, ${cm(input.sizeMm)}`;
  if (input.sizeMm >= threshold.fna)
    return result('fna', `${size}: FNA (threshold ${cm(threshold.fna)}).`, 'fna-thresholds');
  if (input.sizeMm >= threshold.follow)
    return result(
      'follow-up',
      `${size}: ultrasound follow-up ${threshold.schedule} (FNA from ${cm(threshold.fna)}).`,
      'follow-up',
    );
  return result(
    'none',
    `${size}: below the follow-up threshold of ${cm(threshold.follow)}; no FNA or follow-up.`,
    'fna-thresholds',
  );
}
