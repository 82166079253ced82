import { allStrings, firstNumber, firstString, type DicomJson } from './dicomJson';

/** Attributes a study search asks for beyond the required ones (PS3.18 10.6.1.2.3 includefield). */
export const STUDY_FIELDS = [
  '00081030',
  '00080061',
  '00201206',
  '00201208',
  '00080050',
  '00100010',
  '00100020',
];

/** One study of `mmx pacs search --json` (public contract). Patient fields only when PHI is shown. */
export interface StudySummary {
  studyInstanceUID: string;
  patientId?: string;
  patientName?: string;
  studyDate: string | null;
  modalities: string[];
  description: string | null;
  accessionNumber?: string;
  series: number | null;
  instances: number | null;
}

/** A QIDO-RS study result as a summary; without `phi` it carries no patient or accession data. */
export function studySummary(study: DicomJson, { phi }: { phi: boolean }): StudySummary {
  const summary: StudySummary = {
    studyInstanceUID: firstString(study, '0020000D') ?? '',
    studyDate: firstString(study, '00080020') ?? null,
    modalities: allStrings(study, '00080061'),
    description: firstString(study, '00081030') ?? null,
    series: firstNumber(study, '00201206') ?? null,
    instances: firstNumber(study, '00201208') ?? null,
  };
  if (phi) {
    summary.patientId = firstString(study, '00100020') ?? '';
    summary.patientName = firstString(study, '00100010') ?? '';
    summary.accessionNumber = firstString(study, '00080050') ?? '';
  }
  return summary;
}
