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
    expect(r.reasons[0]).toBe('patient age 6 years (under 18) → Pediatrics');
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
    expect(r.reasons).toContain('modality OP (ophthalmic photography) → Brain and senses');
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
    expect(r.reasons).toEqual(['no specialty-specific signal → Adult medicine (default)']);
  });

  it('lets the user override the choice and keeps the reasons', () => {
    const r = routeSpecialty({ modality: 'OP', override: 'oncology-surgery' });
    expect(r).toMatchObject({ specialty: 'oncology-surgery', overridden: true });
    expect(r.reasons.at(-1)).toBe(
      'chosen by the user: Oncology and surgery (automatic choice was Brain and senses)',
    );
    expect(routeSpecialty({ modality: 'OP', override: 'brain-senses' }).overridden).toBe(false);
  });

  it('reads placeholder, impossible and malformed Patient Age values as "age unknown"', () => {
    for (const age of [
      '000Y',
      '000M',
      '000D',
      '000W',
      '',
      '  ',
      '999Y',
      '12X',
      'Y',
      '-05Y',
      0,
      -3,
      200,
    ])
      expect(ageInYears(age)).toBeUndefined();
    expect(ageInYears('002D')).toBeCloseTo(2 / 365);
  });

  it('routes an anonymised chest CT with Patient Age 000Y by its body part and question, not to pediatrics', () => {
    const r = routeSpecialty({
      modality: 'CT',
      bodyPart: 'CHEST',
      patientAge: '000Y',
      question: 'How should this solid pulmonary nodule be followed up?',
    });
    expect(r.specialty).toBe('adult-medicine');
    expect(r.scores.pediatrics).toBe(0);
    expect(r.reasons.join(' ')).not.toMatch(/age/);
  });

  it('lets the question and the body part outweigh a single under-18 age tag', () => {
    const r = routeSpecialty({
      modality: 'CT',
      bodyPart: 'CHEST',
      patientAge: '016Y',
      question: 'Is this pulmonary nodule suspicious on the lung window?',
    });
    expect(r.specialty).toBe('adult-medicine');
    expect(r.reasons).toContain('patient age 16 years (under 18) → Pediatrics');
  });

  it('summarises only the signals that decided, in specialty titles', () => {
    const r = routeSpecialty({
      modality: 'CT',
      bodyPart: 'CHEST',
      studyDescription: 'CT CHEST AND BRAIN',
      question: 'How should this pulmonary nodule be followed?',
    });
    expect(r.specialty).toBe('adult-medicine');
    expect(r.summary).toMatch(/^Adult medicine — /);
    expect(r.summary).not.toMatch(/brain/i);
    expect(r.summary).not.toMatch(/adult-medicine|brain-senses/);
    // Every reason, the losing ones too, stays available.
    expect(r.reasons.some((x) => x.includes('"brain"') && x.endsWith('Brain and senses'))).toBe(
      true,
    );
  });

  it('notes a manual Pediatrics choice for a 60-year-old', () => {
    const r = routeSpecialty({ bodyPart: 'CHEST', patientAge: '060Y', override: 'pediatrics' });
    expect(r.specialty).toBe('pediatrics');
    expect(r.note).toBe("Pediatrics was chosen by hand, but the patient's age is 60 years.");
  });

  it('notes a manual adult specialty for a child and a choice against a clear study signal', () => {
    expect(routeSpecialty({ patientAge: '004Y', override: 'adult-medicine' }).note).toMatch(
      /age is 4 years \(under 18\)/,
    );
    expect(routeSpecialty({ modality: 'OP', override: 'oncology-surgery' }).note).toMatch(
      /the study points to Brain and senses \(modality OP/,
    );
    expect(
      routeSpecialty({ question: 'What is shown?', override: 'pediatrics' }).note,
    ).toBeUndefined();
  });
});
