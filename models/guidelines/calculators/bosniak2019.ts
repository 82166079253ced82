/**
 * The Bosniak classification of cystic renal masses, version 2019 (Silverman
 * et al., Radiology 2019;292:475–488), restated as a decision table for CT
 * and MRI. The most worrying feature decides: an enhancing nodule (IV),
 * a thick or irregular enhancing wall or septum (III), minimal thickening or
 * many septa (IIF), then few thin septa or the attenuation / signal classes
 * (II, I). Wall, septum and protrusion sizes are read in whole millimetres
 * (thin ≤ 2, minimally thickened 3, thick ≥ 4), so 2.4 mm counts as 2 mm.
 */
export type BosniakModality = 'ct' | 'mri';
/** CT phases: unenhanced only, a single portal venous phase, or the renal-mass protocol (unenhanced plus nephrographic). */
export type CtPhase = 'unenhanced' | 'portal-venous' | 'renal-mass';
/** MRI appearance of the contents where no wall or septum feature decides. */
export type MriSignal = 'simple' | 't2-bright' | 't1-bright' | 't1-heterogeneous';
export type ProtrusionMargin = 'obtuse' | 'acute';
export type BosniakClass = 'I' | 'II' | 'IIF' | 'III' | 'IV';

export interface BosniakInput {
  modality: BosniakModality;
  /** Required for CT. */
  phase?: CtPhase;
  /** Thickness of the wall in mm. */
  wallMm: number;
  /** Number of septa (0 for none). */
  septa: number;
  /** Thickness of the thickest septum in mm; required when there are septa. */
  septaMm?: number;
  /** Whether the wall, septa or protrusion enhance; required when any of them could raise the class. */
  enhancing?: boolean;
  /** Height of the largest convex protrusion from the wall or a septum, in mm. */
  protrusionMm?: number;
  /** How the protrusion meets the wall; required with protrusionMm. */
  protrusionMargin?: ProtrusionMargin;
  /** CT attenuation of the contents in HU (in the phase named); required at CT without septa. */
  hu?: number;
  /** Rise in attenuation of the contents from unenhanced to enhanced, in HU (renal-mass protocol). */
  enhancementHu?: number;
  /** MRI signal of the contents; required at MRI without septa. */
  mriSignal?: MriSignal;
  calcification?: boolean;
  /** Homogeneous and low in attenuation, but too small to characterise. */
  tooSmall?: boolean;
}

export interface BosniakResult {
  guideline: 'bosniak-2019';
  category: BosniakClass;
  management: string;
  recommendation: string;
  passage: string;
  notes: string[];
}

const MANAGEMENT: Record<BosniakClass, string> = {
  I: 'benign; no follow-up',
  II: 'benign; no follow-up',
  IIF: 'imaging follow-up, for example at 6 and 12 months and then yearly up to 5 years',
  III: 'about half are malignant; discuss surgery, ablation or active surveillance',
  IV: 'most are malignant; treatment is usually advised',
};

const PASSAGE: Record<BosniakClass, string> = {
  I: 'class-1',
  II: 'class-2',
  IIF: 'class-2f',
  III: 'class-3',
  IV: 'class-4',
};

const wholeMm = (mm: number) => Math.round(mm);

function checkMm(value: number | undefined, what: string) {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`bosniak2019: ${what} must be a positive number of millimetres`);
}

/** The class from the wall, septa and protrusions, or null when none of them decides. */
function structuralClass(input: BosniakInput, notes: string[]): BosniakClass | null {
  const wall = wholeMm(input.wallMm);
  const septum = input.septa > 0 && input.septaMm !== undefined ? wholeMm(input.septaMm) : 0;
  const protrusion = input.protrusionMm === undefined ? 0 : wholeMm(input.protrusionMm);
  const raising = wall >= 3 || septum >= 3 || protrusion > 0 || input.septa >= 4;
  if (!raising) return null;
  if (input.enhancing === undefined)
    throw new RangeError(
      'bosniak2019: say whether the wall, septa or protrusion enhance (--enhancing yes|no)',
    );
  if (!input.enhancing) {
    // v2019 upgrades only for enhancing walls, septa and nodules.
    notes.push(
      'Non-enhancing thickening, septa or protrusions do not raise the class; classified by the rest.',
    );
    return null;
  }
  if (input.protrusionMm !== undefined) {
    if (input.protrusionMargin === 'acute' || protrusion >= 4) return 'IV';
    // A protrusion of 3 mm or less with obtuse margins makes the wall or septum irregular.
    return 'III';
  }
  if (wall >= 4 || septum >= 4) return 'III';
  if (wall === 3 || septum === 3 || input.septa >= 4) return 'IIF';
  return null;
}

function ctContentsClass(input: BosniakInput): { category: BosniakClass; reason?: string } {
  const { phase, hu } = input;
  if (hu === undefined || !Number.isFinite(hu))
    throw new RangeError(
      'bosniak2019: the attenuation of the contents in HU (--hu) is needed at CT',
    );
  if (hu < -9)
    throw new RangeError(
      'bosniak2019: contents below -9 HU suggest fat; that is not a cystic mass of the classification',
    );
  if (phase === 'unenhanced') {
    if (hu <= 20) return { category: 'II', reason: 'homogeneous -9 to 20 HU on unenhanced CT' };
    if (hu >= 70)
      return {
        category: 'II',
        reason: 'homogeneous hyperattenuating (70 HU or more) on unenhanced CT',
      };
    throw new RangeError(
      'bosniak2019: 21 to 69 HU on unenhanced CT is indeterminate; characterise with renal-mass protocol CT or MRI',
    );
  }
  if (phase === 'portal-venous') {
    if (hu <= 20) return { category: 'I' };
    if (hu <= 30)
      return { category: 'II', reason: 'homogeneous 21 to 30 HU in the portal venous phase' };
    throw new RangeError(
      'bosniak2019: over 30 HU in the portal venous phase is indeterminate; characterise with renal-mass protocol CT or MRI',
    );
  }
  const rise = input.enhancementHu;
  if (rise === undefined || !Number.isFinite(rise))
    throw new RangeError(
      'bosniak2019: renal-mass protocol CT needs the rise in attenuation of the contents (--enhancement-hu)',
    );
  // Enhancement at CT: a rise of 20 HU or more; 10–19 HU is equivocal.
  if (rise >= 20)
    throw new RangeError(
      'bosniak2019: contents that enhance by 20 HU or more are tissue, not fluid; manage as a solid renal mass',
    );
  if (rise >= 10)
    throw new RangeError(
      'bosniak2019: a rise of 10 to 19 HU is equivocal enhancement; MRI with subtraction can decide',
    );
  if (hu <= 20) return { category: 'I' };
  return {
    category: 'II',
    reason: 'homogeneous non-enhancing contents over 20 HU at renal-mass protocol CT',
  };
}

/** The Bosniak 2019 class and management of one cystic renal mass. */
export function bosniak2019(input: BosniakInput): BosniakResult {
  if (!Number.isFinite(input.wallMm) || input.wallMm < 0)
    throw new RangeError(
      'bosniak2019: the wall thickness must be a number of millimetres, 0 or more',
    );
  if (!Number.isInteger(input.septa) || input.septa < 0)
    throw new RangeError('bosniak2019: the number of septa must be a whole number, 0 or more');
  if (input.septa > 0 && input.septaMm === undefined)
    throw new RangeError('bosniak2019: septa need their thickness (--septa-mm)');
  checkMm(input.septaMm, 'the septum thickness');
  checkMm(input.protrusionMm, 'the protrusion height');
  if (input.protrusionMm !== undefined && !input.protrusionMargin)
    throw new RangeError(
      'bosniak2019: a protrusion needs its margin with the wall (obtuse or acute)',
    );
  if (input.modality === 'ct' && !input.phase)
    throw new RangeError(
      'bosniak2019: CT needs its phase (unenhanced, portal-venous or renal-mass)',
    );
  const notes: string[] = [
    'For cystic renal masses (under about a quarter enhancing tissue) at CT or MRI.',
  ];
  const result = (category: BosniakClass, passage = PASSAGE[category]): BosniakResult => ({
    guideline: 'bosniak-2019',
    category,
    management: MANAGEMENT[category],
    recommendation: `Bosniak ${category}: ${MANAGEMENT[category]}.`,
    passage,
    notes,
  });

  const structural = structuralClass(input, notes);
  if (structural) return result(structural);
  if (input.modality === 'mri' && input.mriSignal === 't1-heterogeneous')
    return result('IIF', 'mri-class-2-2f');
  if (input.septa > 0) return result('II');
  if (input.tooSmall) {
    notes.push('Homogeneous and low in attenuation or signal but too small to characterise.');
    return result('II');
  }
  if (input.modality === 'mri') {
    if (!input.mriSignal)
      throw new RangeError(
        'bosniak2019: MRI needs the signal of the contents (simple, t2-bright, t1-bright or t1-heterogeneous)',
      );
    if (input.mriSignal === 'simple') {
      if (input.calcification) return result('II');
      return result('I');
    }
    return result('II', 'mri-class-2-2f');
  }
  const contents = ctContentsClass(input);
  if (contents.reason) notes.push(`Class II: ${contents.reason}.`);
  if (contents.category === 'I' && input.calcification) {
    notes.push('Calcification excludes class I; class II allows calcification of any type.');
    return result('II');
  }
  return result(contents.category);
}
