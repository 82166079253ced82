import type { StudyContext } from '../../../../electron/common/schemas/ask';
import type { ParsedDicom } from '../../../../models/dicom/index';
import { ageInYears } from '../../../../models/reasoning/routeSpecialty';

/** Patient's Age (AS, PS3.5 6.2) in years to two decimals, within the contract's 0–150. */
function patientAgeYears(parsed: ParsedDicom): number | undefined {
  const years = ageInYears(parsed.dataSet.string('x00101010'));
  return years !== undefined && years <= 150 ? Math.round(years * 100) / 100 : undefined;
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
  const age = patientAgeYears(parsed);
  if (modality) context.modality = modality;
  if (bodyPart) context.bodyPart = bodyPart;
  if (studyDescription) context.studyDescription = studyDescription;
  if (age !== undefined) context.patientAgeYears = age;
  return context;
}
