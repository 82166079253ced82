import { describe, expect, it } from 'vitest';
import { checkLiRads, readLiRadsCategory, readLiRadsFacts } from './checkLiRads';

describe('checkLiRads', () => {
  it('gives LR-5 for a 22 mm APHE observation with washout in cirrhosis and flags a model that says LR-4', () => {
    const check = checkLiRads(
      [
        'Patient with HCV cirrhosis on surveillance; multiphase MRI of the liver.',
        'A 2.2 x 1.8 cm observation in segment VII shows nonrim arterial phase hyperenhancement and nonperipheral washout in the portal venous phase.',
        'No enhancing capsule is seen.',
      ],
      'LR-4, probably HCC; discuss at MDT.',
    );
    expect(check).toMatchObject({
      inputs: { atRisk: 'yes', aphe: 'yes', sizeMm: 22, washout: 'yes', capsule: 'no' },
      missing: [],
      result: { category: 'LR-5', passage: 'lr5-criteria' },
      modelCategory: 'LR-4',
    });
    expect(check?.inputs.thresholdGrowth).toBeUndefined();
    expect(check?.contradiction).toMatch(/^The model gives LR-4; LI-RADS v2018 .* gives LR-5/);
  });

  it('asks for threshold growth only when it would change the category', () => {
    const check = checkLiRads(
      [
        'Cirrhotic liver. A 15 mm observation with arterial phase hyperenhancement and an enhancing capsule, without washout.',
      ],
      'LR-4.',
    );
    expect(check).toMatchObject({
      missing: ['thresholdGrowth'],
      result: null,
      contradiction: null,
    });
    const stable = checkLiRads(
      [
        'Cirrhotic liver. A 15 mm observation with arterial phase hyperenhancement and an enhancing capsule, without washout, stable in size.',
      ],
      'LR-4.',
    );
    expect(stable).toMatchObject({
      missing: [],
      result: { category: 'LR-4' },
      contradiction: null,
    });
  });

  it('refuses the table outside the at-risk population', () => {
    const check = checkLiRads(
      [
        'Non-cirrhotic liver. A 3 cm hepatic lesion with arterial phase hyperenhancement and washout.',
      ],
      'LR-5',
    );
    expect(check).toMatchObject({ inputs: { atRisk: 'no' }, result: null, contradiction: null });
    expect(check?.refusal).toMatch(/only to patients at high risk of HCC/);
  });

  it('reads chronic hepatitis B as at risk without cirrhosis, and a non-cirrhotic liver as not', () => {
    expect(
      readLiRadsFacts('Chronic hepatitis B without cirrhosis; a 12 mm liver observation.').atRisk,
    ).toBe('yes');
    expect(readLiRadsFacts('A non-cirrhotic liver with a 12 mm lesion.').atRisk).toBe('no');
    expect(
      readLiRadsFacts('A 12 mm liver lesion with arterial phase hyperenhancement.').atRisk,
    ).toBeUndefined();
  });

  it('reads rim APHE as not the table’s APHE, and skips a prior category', () => {
    expect(
      readLiRadsFacts('Cirrhosis. A 25 mm liver mass with rim arterial phase hyperenhancement.')
        .aphe,
    ).toBe('no');
    expect(readLiRadsFacts('No APHE; hypoenhancing in the arterial phase.').aphe).toBe('no');
    expect(readLiRadsCategory('Previously LR-3, now LI-RADS 4.')).toBe('LR-4');
    expect(readLiRadsCategory('LR-M features: targetoid appearance.')).toBe('LR-M');
  });

  it('does not contradict an LR-M answer, which is assessed before the table', () => {
    const check = checkLiRads(
      [
        'Chronic hepatitis B. A 30 mm liver observation with arterial phase hyperenhancement, no washout, no capsule, no prior imaging.',
      ],
      'LR-M: biopsy.',
    );
    expect(check).toMatchObject({ result: { category: 'LR-4' }, contradiction: null });
  });
});
