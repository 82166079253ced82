import { describe, expect, it } from 'vitest';
import { standardTags } from './internal/standardTags';
import { loadTagDictionary } from './tagDictionary';
import { tagVr } from './tagVr';

describe('tagVr', () => {
  it('gives every tag of the full PS3.6 table the VR the table has, repeating groups included', () => {
    const rows = standardTags
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t') as [string, string]);
    const exact = new Set(rows.map(([tag]) => tag).filter((tag) => !tag.includes('x')));
    let checked = 0;
    for (const [tag, vr] of rows) {
      // A mask stands for many tags: one of them that is not a tag of its own (002804x0 is not 00280400).
      const concrete =
        ['0', '2', '4', '6', '8']
          .map((digit) => tag.replace(/x/g, digit))
          .find((candidate) => candidate === tag || !exact.has(candidate)) ?? tag;
      const expected = concrete === '7FE00010' ? 'OW' : vr;
      expect(tagVr(concrete), concrete).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(4900);
  });

  it('knows no private or unknown tag', () => {
    expect(tagVr('00091010')).toBeUndefined();
    expect(tagVr('00100010')).toBe('PN');
    expect(tagVr('6002300F')).toBeUndefined();
    expect(tagVr('60023000')).toBe('OB');
  });

  it('agrees with the names dictionary, which loads on first use', async () => {
    const dictionary = await loadTagDictionary();
    expect(dictionary.get('7FE00010')).toMatchObject({ keyword: 'PixelData', vr: 'OW' });
    expect(dictionary.get('60020010')).toMatchObject({ keyword: 'OverlayRows', vr: 'US' });
    expect(await loadTagDictionary()).toBe(dictionary);
  });
});
