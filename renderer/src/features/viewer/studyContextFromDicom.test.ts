import { describe, expect, it } from 'vitest';
import { parseDicom } from '../../../../models/dicom/index';
import { ageInYears, studyContextFromDicom } from './studyContextFromDicom';
import { ctSlice } from './testing/ctSlice';

describe('studyContextFromDicom', () => {
  it('converts Patient Age strings to years', () => {
    expect(ageInYears('054Y')).toBe(54);
    expect(ageInYears('006M')).toBe(0.5);
    expect(ageInYears('014D')).toBeCloseTo(14 / 365.25, 2);
    expect(ageInYears('52')).toBeUndefined();
    expect(ageInYears(undefined)).toBeUndefined();
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
