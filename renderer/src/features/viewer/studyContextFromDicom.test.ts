import { describe, expect, it } from 'vitest';
import { parseDicom } from '../../../../models/dicom/index';
import { studyContextFromDicom } from './studyContextFromDicom';
import { ctSlice } from './testing/ctSlice';

describe('studyContextFromDicom', () => {
  it('reads Patient Age in days, weeks, months and years, and leaves out an age past 150', () => {
    const age = (value: string) =>
      studyContextFromDicom(parseDicom(ctSlice({ extra: [{ tag: 0x00101010, vr: 'AS', value }] })))
        .patientAgeYears;
    expect(age('054Y')).toBe(54);
    expect(age('006M')).toBe(0.5);
    expect(age('026W')).toBe(0.5);
    expect(age('014D')).toBeCloseTo(14 / 365, 2);
    expect(age('200Y')).toBeUndefined();
    expect(age('old ')).toBeUndefined();
  });

  it('routes on modality, body part, study description and age, and keeps them out of the prompt by default', () => {
    const parsed = parseDicom(ctSlice({ extra: [{ tag: 0x00101010, vr: 'AS', value: '070Y' }] }));
    expect(studyContextFromDicom(parsed)).toEqual({
      modality: 'CT',
      bodyPart: 'CHEST',
      studyDescription: 'Synthetic test study',
      patientAgeYears: 70,
      includeInPrompt: false,
    });
  });
});
