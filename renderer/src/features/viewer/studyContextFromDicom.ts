import type { StudyContext } from '../../../../electron/common/schemas/ask';
import type { ParsedDicom } from '../../../../models/dicom/index';

/** Patient's Age (AS, PS3.5 6.2: nnnD / nnnW / nnnM / nnnY) in years, or undefined. */
export function ageInYears(value: string | undefined): number | undefined {
  const match = /^(\d{1,3})([DWMY])$/.exec(value?.trim().toUpperCase() ?? '');
  if (!match) return undefined;
  const n = Number(match[1]);
  const years = { D: n / 365.25, W: (n * 7) / 365.25, M: n / 12, Y: n }[
    match[2] as 'D' | 'W' | 'M' | 'Y'
  ];
  return years <= 150 ? Math.round(years * 100) / 100 : undefined;
}

const text = (parsed: ParsedDicom, tag: string, max: number) => {
  const value = parsed.dataSet.string(tag)?.trim();
  return value ? value.slice(0, max) : undefined;
};

/**
 * The study context used to route the question to a specialty: Modality,
 * Body Part Examined, Study Description and Patient's Age. It reaches the
 * prompt only if the user turns includeInPrompt on.
 */
export function studyContextFromDicom(parsed: ParsedDicom): StudyContext {
  const context: StudyContext = { includeInPrompt: false };
  const modality = text(parsed, 'x00080060', 64);
  const bodyPart = text(parsed, 'x00180015', 128);
  const studyDescription = text(parsed, 'x00081030', 256);
  const age = ageInYears(parsed.dataSet.string('x00101010'));
  if (modality) context.modality = modality;
  if (bodyPart) context.bodyPart = bodyPart;
  if (studyDescription) context.studyDescription = studyDescription;
  if (age !== undefined) context.patientAgeYears = age;
  return context;
}
