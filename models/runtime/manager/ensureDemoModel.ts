import { rm } from 'node:fs/promises';
import { buildFixtureModel } from '../../tinymodels/buildFixtureModel';
import type { Script } from '../../tinymodels/script';
import { findModel, placeModel, stagingDir, type InstalledModel } from './installedModels';

export const DEMO_MODEL_NAME = 'Demo — not a medical model';

const steps = (finding: string) =>
  [
    '<think>',
    '1. This is a demo model for trying out MMedExpert Desktop. It is not a medical model: it does not look at the image and gives no medical advice.',
    `2. A real model would describe the findings here; the demo only notices that ${finding}.`,
    '3. A real model would then check them against a guideline: for example, a 7 mm solid pulmonary nodule found by chance in a low-risk adult is followed up with CT at 6 to 12 months [fleischner-2017#solid-6-8mm].',
    '</think>',
    '<answer>Demo answer only: no diagnosis was made. Import a real model to analyse images.</answer>',
  ].join('\n');

/** The demo's honest script: it says what it is, in the step/citation/answer format the UI renders. */
export const DEMO_SCRIPT: Script = {
  rules: [
    { image: 'dark', text: steps('the image is mostly dark') },
    { image: 'bright', text: steps('the image is mostly bright') },
    { image: 'any', text: steps('no image was given') },
  ],
};

/**
 * First run: makes sure the scripted demo model is installed (built by the
 * fixture builder, a few hundred KB) and returns it.
 */
export async function ensureDemoModel({ home }: { home?: string } = {}): Promise<InstalledModel> {
  const existing = await findModel(DEMO_MODEL_NAME, { home });
  if (existing?.manifest) return existing;
  const staged = await stagingDir(home, 'demo');
  try {
    await buildFixtureModel(staged, {
      kind: 'scripted',
      seed: 0,
      variant: 'qwen2_5_vl',
      script: DEMO_SCRIPT,
    });
    return await placeModel(staged, { home, name: DEMO_MODEL_NAME, source: { kind: 'demo' } });
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}
