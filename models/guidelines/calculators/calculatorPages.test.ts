import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../loadGuidelinePacks';
import { CALCULATOR_PAGES } from './calculatorPages';
import { calcCommands } from '../../cli/calcCommands';

// One table row per page, chosen by the controls' own values.
const ROWS: Record<string, [Record<string, string>, string, string]> = {
  fleischner: [
    { type: 'solid', sizeMm: '7', count: 'single', risk: 'low' },
    'CT at 6–12 months',
    'solid-6-8mm',
  ],
  'ti-rads': [
    {
      composition: 'solid',
      echogenicity: 'hypoechoic',
      shape: 'wider-than-tall',
      margin: 'smooth',
      foci: 'none',
      sizeMm: '15',
    },
    'TR4',
    'fna-thresholds',
  ],
  'li-rads': [{ aphe: 'yes', sizeMm: '15', washout: 'yes' }, 'LR-5', 'lr5-criteria'],
  'lung-rads': [{ type: 'solid', scan: 'baseline', sizeMm: '8' }, 'Lung-RADS 4A', 'category-4a'],
  bosniak: [
    {
      modality: 'ct',
      phase: 'portal-venous',
      wallMm: '1',
      septa: '5',
      septaMm: '1',
      enhancing: 'yes',
      hu: '10',
    },
    'Bosniak IIF',
    'class-2f',
  ],
  'o-rads': [{ lesion: 'unilocular', sizeCm: '4', papillary: '4' }, 'O-RADS 5', 'category-5'],
};

describe('CALCULATOR_PAGES', () => {
  const passages = new Map(
    loadGuidelinePacks({ env: {} })
      .flatMap((l) => l.pack.guidelines)
      .map((g) => [g.id, new Set(g.passages.map((p) => p.id))]),
  );

  it('has a page for every mmx calc command, in the same order', () => {
    expect(CALCULATOR_PAGES.map((p) => p.id)).toEqual(calcCommands.map((c) => c.path[1]));
  });

  it.each(CALCULATOR_PAGES.map((p) => [p.id, p] as const))(
    '%s computes a table row and cites a passage of its guideline',
    (id, page) => {
      const [edit, recommendation, passage] = ROWS[id]!;
      const outcome = page.calculate(edit);
      expect(outcome.guideline).toBe(page.guideline);
      expect(outcome.recommendation).toContain(recommendation);
      expect(outcome.passage).toBe(passage);
      expect(passages.get(page.guideline)).toContain(outcome.passage);
    },
  );

  it('names a missing input by its label, and treats a value outside the choices as missing', () => {
    const lungRads = CALCULATOR_PAGES.find((p) => p.id === 'lung-rads')!;
    expect(() => lungRads.calculate({ type: 'solid', sizeMm: '8' })).toThrow(/the scan is needed/);
    expect(() => lungRads.calculate({ type: 'boulder', scan: 'baseline' })).toThrow(
      /the finding is needed/,
    );
    const oRads = CALCULATOR_PAGES.find((p) => p.id === 'o-rads')!;
    expect(() => oRads.calculate({ lesion: 'multilocular', solidComponent: 'yes' })).toThrow(
      /colour score/,
    );
  });
});
