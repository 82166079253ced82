import { describe, expect, it } from 'vitest';
import { ageInYears, routeSpecialty } from './routeSpecialty';

describe('routeSpecialty', () => {
  it('routes a patient under 18 to pediatrics whatever the body part', () => {
    const r = routeSpecialty({
      modality: 'CT',
      bodyPart: 'HEAD',
      patientAge: '006Y',
      question: 'Is there a skull fracture?',
    });
    expect(r.specialty).toBe('pediatrics');
    expect(r.reasons[0]).toBe('patient age 6 years (under 18) → pediatrics');
  });

  it('reads DICOM age strings in days, weeks, months and years', () => {
    expect(ageInYears('018M')).toBe(1.5);
    expect(ageInYears('026W')).toBe(0.5);
    expect(ageInYears('045Y')).toBe(45);
    expect(ageInYears('abc')).toBeUndefined();
  });

  it('takes the age from the question when the header has none', () => {
    expect(
      routeSpecialty({ question: 'A 3-month-old with a hip click. What Graf type is this?' })
        .specialty,
    ).toBe('pediatrics');
    expect(routeSpecialty({ question: 'A 67-year-old with a lung nodule.' }).specialty).toBe(
      'adult-medicine',
    );
  });

  it('routes ophthalmic photography to brain and senses', () => {
    const r = routeSpecialty({ modality: 'OP', patientAge: '058Y', question: 'Grade this image.' });
    expect(r.specialty).toBe('brain-senses');
    expect(r.reasons).toContain('modality OP (ophthalmic photography) → brain-senses');
  });

  it('routes a head CT for stroke to brain and senses', () => {
    expect(
      routeSpecialty({
        modality: 'CT',
        bodyPart: 'HEAD',
        studyDescription: 'CT BRAIN STROKE PROTOCOL',
        patientAge: '071Y',
      }).specialty,
    ).toBe('brain-senses');
  });

  it('routes mammography, PET and cancer questions to oncology and surgery', () => {
    expect(routeSpecialty({ modality: 'MG', patientAge: '052Y' }).specialty).toBe(
      'oncology-surgery',
    );
    expect(
      routeSpecialty({
        modality: 'CT',
        bodyPart: 'CHEST',
        question: 'Has the metastatic cancer responded to chemotherapy per RECIST?',
      }).specialty,
    ).toBe('oncology-surgery');
    expect(routeSpecialty({ modality: 'MR', bodyPart: 'PROSTATE' }).specialty).toBe(
      'oncology-surgery',
    );
  });

  it('routes chest and abdominal questions in adults to adult medicine', () => {
    expect(
      routeSpecialty({
        modality: 'CT',
        bodyPart: 'CHEST',
        question: 'How should this 7 mm pulmonary nodule be followed?',
      }).specialty,
    ).toBe('adult-medicine');
    expect(
      routeSpecialty({
        modality: 'MR',
        bodyPart: 'ABDOMEN',
        question: 'LI-RADS category of this liver observation in cirrhosis?',
      }).specialty,
    ).toBe('adult-medicine');
  });

  it('falls back to adult medicine and says so when nothing points elsewhere', () => {
    const r = routeSpecialty({ question: 'What is shown?' });
    expect(r.specialty).toBe('adult-medicine');
    expect(r.reasons).toEqual(['no specialty-specific signal → adult-medicine (default)']);
  });

  it('lets the user override the choice and keeps the reasons', () => {
    const r = routeSpecialty({ modality: 'OP', override: 'oncology-surgery' });
    expect(r).toMatchObject({ specialty: 'oncology-surgery', overridden: true });
    expect(r.reasons.at(-1)).toBe(
      'chosen by the user: oncology-surgery (automatic choice was brain-senses)',
    );
    expect(routeSpecialty({ modality: 'OP', override: 'brain-senses' }).overridden).toBe(false);
  });
});
