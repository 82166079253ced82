import { describe, expect, it } from 'vitest';
import { analyzeQuery } from './analyzeQuery';
import { analyzeText, stemWord } from './analyzeText';

describe('analyzeText', () => {
  it('adds the canonical token for abbreviations and their expansions', () => {
    expect(analyzeText('hepatocellular carcinoma')).toContain('hcc');
    expect(analyzeText('ground-glass opacity')).toContain('ggn');
    expect(analyzeText('GGO')).toContain('ggn');
    expect(analyzeText('intracerebral haemorrhage')).toContain('ich');
    expect(analyzeText('moderate non-proliferative diabetic retinopathy')).toEqual(
      expect.arrayContaining(['npdr', 'dr']),
    );
  });

  it('folds the observations a triage row abbreviates into the words the rules use', () => {
    const row = analyzeText('HR 108 RR 22 SpO2 91% BP 88/54');
    const criteria = analyzeText('heart rate, respiratory rate, oxygen saturation, blood pressure');
    expect(row).toEqual(expect.arrayContaining(['hr', 'rr', 'spo2', 'bp']));
    expect(criteria).toEqual(expect.arrayContaining(['hr', 'rr', 'spo2', 'bp']));
  });

  it('joins hyphenated category names but not number ranges', () => {
    expect(analyzeText('LR-5')).toContain('lr5');
    expect(analyzeText('6-8 mm')).not.toContain('68');
  });

  it('folds British spelling and plurals', () => {
    expect(analyzeText('tumours oedema')).toEqual(analyzeText('tumor edema'));
    expect(stemWord('nodules')).toBe(stemWord('nodule'));
    expect(stemWord('enhancing')).toBe(stemWord('enhancement'));
    expect(stemWord('metastasis')).toBe('metastasis');
  });

  it('drops filler words a reasoning model writes in every step', () => {
    expect(analyzeText('Let me look at the image; therefore the answer is likely B')).toEqual([]);
  });

  it('drops what an apostrophe leaves of a contraction, and keeps the content', () => {
    // "You're 58" once searched for "re", a word no pack holds, which counted against support.
    expect(
      analyzeText("You're 58, it isn't growing, we'll scan, they've not, she doesn't, I'd say"),
    ).toEqual(['58', 'grow', 'scan', 'say']);
  });
});

describe('everyday words in a step', () => {
  const termsOf = (text: string) => analyzeQuery(text).flatMap((c) => c.terms);

  it('reads a lay phrase with the terms of its medical words, keeping its own', () => {
    expect(termsOf('The dye showed a clot in the lung.')).toEqual(
      expect.arrayContaining(['dye', 'contrast', 'clot', 'pulmonary', 'embolism']),
    );
    expect(termsOf('He takes blood thinners')).toContain('anticoagulant');
    expect(termsOf('five thin walls inside the cyst')).toContain('septa');
    expect(termsOf('the jelly of the eye is clear')).toContain('vitreous');
    // The medical words are analysed like any text: their synonyms come too.
    expect(termsOf('a small spot')).toEqual(expect.arrayContaining(['spot', 'nodul']));
  });

  it('keeps a lay phrase one concept, so its negation covers the medical words', () => {
    const [concept] = analyzeQuery('You are not on blood thinners');
    expect(concept?.negated).toBe(true);
    expect(concept?.terms).toContain('anticoagulant');
  });

  it('leaves clinical phrases that hold a lay word as they are', () => {
    expect(termsOf('Recall for spot compression views')).not.toContain('nodul');
  });

  it('does not touch how passages are indexed: a passage already uses the clinical words', () => {
    expect(analyzeText('active bleeding or a laceration tear')).not.toContain('hemorrhage');
    expect(analyzeText('a small spot')).not.toContain('nodul');
  });
});
