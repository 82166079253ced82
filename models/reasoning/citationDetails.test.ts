import { describe, expect, it } from 'vitest';
import type { Citation } from '../../electron/common/schemas/reasoning';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import {
  guidelineLookup,
  stepsWithGuidelineDetails,
  summarisesLine,
  withGuidelineDetails,
} from './citationDetails';

const bare: Citation = {
  guideline: 'fleischner-2017',
  passage: 'solid-6-8mm',
  excerpt: 'A single solid nodule of 6 to 8 mm…',
  score: 0.8,
  source: 'linker',
};
const lookup = guidelineLookup(loadGuidelinePacks().flatMap((l) => l.pack.guidelines));

describe('withGuidelineDetails', () => {
  it('fills title, version, link and heading from the loaded packs when the citation lacks them', () => {
    const c = withGuidelineDetails(bare, lookup);
    expect(c.title).toBe(
      'Guidelines for management of incidental pulmonary nodules detected on CT images',
    );
    expect(c.version).toBe('2017');
    expect(c.url).toMatch(/^https:\/\//);
    expect(c.heading).toBe('Single solid nodule 6 to 8 mm');
    expect(c).toMatchObject({ score: 0.8, source: 'linker' });
  });

  it('keeps what the citation already carries', () => {
    const c = withGuidelineDetails({ ...bare, title: 'As linked', edition: '2017 update' }, lookup);
    expect(c.title).toBe('As linked');
    expect(c.edition).toBe('2017 update');
  });

  it('leaves a citation of an unloaded guideline as it is', () => {
    const other = { ...bare, guideline: 'not-loaded' };
    expect(withGuidelineDetails(other, lookup)).toEqual(other);
  });

  it('fills every step', () => {
    const steps = stepsWithGuidelineDetails(
      [
        {
          perspective: null,
          index: 1,
          label: null,
          text: 'x',
          citations: [bare],
          noGuidelineSupport: false,
          unknownCitations: ['x#y'],
          unsupportedCitations: [],
        },
      ],
      lookup,
    );
    expect(steps[0]?.citations[0]?.version).toBe('2017');
    expect(steps[0]?.unknownCitations).toEqual(['x#y']);
  });
});

describe('summarisesLine', () => {
  it('names the edition and the review date, and says which one is missing', () => {
    expect(summarisesLine({ edition: '2017 update', reviewed: '2026-11-02' })).toBe(
      'Summarises: 2017 update · reviewed 2026-11-02',
    );
    expect(summarisesLine({ edition: '2019' })).toBe('Summarises: 2019 · review date not stated');
    expect(summarisesLine({})).toBeNull();
  });
});
