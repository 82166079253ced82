/**
 * The Fleischner Society 2017 table for incidental pulmonary nodules on CT
 * (MacMahon et al., Radiology 2017;284:228–243), restated as a decision
 * table. Sizes are the average of long and short axis, rounded to the
 * nearest millimetre as the guideline asks, so 5.6 mm counts as 6 mm; the
 * table's bands are < 6 mm, 6–8 mm and > 8 mm.
 */
export type NoduleType = 'solid' | 'part-solid' | 'ground-glass';
export type NoduleCount = 'single' | 'multiple';
export type PatientRisk = 'low' | 'high';

export interface FleischnerInput {
  type: NoduleType;
  /** Average diameter in mm. */
  sizeMm: number;
  /** Solid component of a part-solid nodule, in mm. */
  solidMm?: number;
  count: NoduleCount;
  /** Required for solid nodules. */
  risk?: PatientRisk;
}

export interface FleischnerResult {
  guideline: 'fleischner-2017';
  recommendation: string;
  /** The interval of the first follow-up CT in months, or null for no routine follow-up. */
  firstCtMonths: [number, number] | null;
  /** True where the table says the CT is optional. */
  optional: boolean;
  /** The passage of fleischner-2017 this comes from. */
  passage: string;
  /** Caveats the table attaches (scope, suspicious features). */
  notes: string[];
}

const SCOPE_NOTE =
  'Applies to incidental nodules in adults 35 or older; not to lung cancer screening, known cancer or immunosuppression.';

/** The Fleischner 2017 recommendation for one nodule (the most suspicious one when there are several). */
export function fleischner2017(input: FleischnerInput): FleischnerResult {
  const { type, count } = input;
  if (!Number.isFinite(input.sizeMm) || input.sizeMm <= 0)
    throw new RangeError(
      'fleischner2017: the nodule size must be a positive number of millimetres',
    );
  if (type === 'solid' && !input.risk)
    throw new RangeError('fleischner2017: a solid nodule needs the patient risk (low or high)');
  const size = Math.round(input.sizeMm);
  const band = size < 6 ? 'small' : size <= 8 ? 'middle' : 'large';
  const make = (
    recommendation: string,
    firstCtMonths: [number, number] | null,
    passage: string,
    optional = false,
    notes: string[] = [],
  ): FleischnerResult => ({
    guideline: 'fleischner-2017',
    recommendation,
    firstCtMonths,
    optional,
    passage,
    notes: [...notes, SCOPE_NOTE],
  });

  if (type === 'solid') {
    const high = input.risk === 'high';
    if (count === 'single') {
      if (band === 'small')
        return high
          ? make('Optional CT at 12 months.', [12, 12], 'solid-under-6mm', true)
          : make('No routine follow-up.', null, 'solid-under-6mm');
      if (band === 'middle')
        return make(
          high
            ? 'CT at 6–12 months, then CT at 18–24 months.'
            : 'CT at 6–12 months, then consider CT at 18–24 months.',
          [6, 12],
          'solid-6-8mm',
        );
      return make('Consider CT at 3 months, PET/CT or tissue sampling.', [3, 3], 'solid-over-8mm');
    }
    if (band === 'small')
      return high
        ? make('Optional CT at 12 months.', [12, 12], 'multiple-solid', true)
        : make('No routine follow-up.', null, 'multiple-solid');
    return make(
      band === 'middle' && !high
        ? 'CT at 3–6 months, then consider CT at 18–24 months.'
        : band === 'middle'
          ? 'CT at 3–6 months, then CT at 18–24 months.'
          : 'CT at 3–6 months, then consider CT at 18–24 months.',
      [3, 6],
      'multiple-solid',
    );
  }

  if (count === 'multiple')
    return band === 'small'
      ? make(
          'CT at 3–6 months; if stable, consider CT at 2 and 4 years.',
          [3, 6],
          'multiple-subsolid',
        )
      : make(
          'CT at 3–6 months; further management based on the most suspicious nodule.',
          [3, 6],
          'multiple-subsolid',
        );

  if (type === 'ground-glass')
    return band === 'small'
      ? make('No routine follow-up.', null, 'ground-glass-single', false, [
          'A suspicious nodule under 6 mm may be followed with CT at 2 and 4 years.',
        ])
      : make(
          'CT at 6–12 months to confirm persistence, then CT every 2 years until 5 years.',
          [6, 12],
          'ground-glass-single',
        );

  // Part-solid.
  if (band === 'small')
    return make('No routine follow-up.', null, 'part-solid-single', false, [
      'A suspicious nodule under 6 mm may be followed with CT at 2 and 4 years.',
    ]);
  const solidNotes =
    input.solidMm !== undefined && Math.round(input.solidMm) >= 6
      ? [
          'A persistent part-solid nodule with a solid component of 6 mm or more is highly suspicious.',
        ]
      : [];
  return make(
    'CT at 3–6 months to confirm persistence; if unchanged and the solid component stays under 6 mm, annual CT for 5 years.',
    [3, 6],
    'part-solid-single',
    false,
    solidNotes,
  );
}
