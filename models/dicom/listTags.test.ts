import { describe, expect, it } from 'vitest';
import { listTags } from './listTags';
import { parseDicom } from './parseDicom';
import { loadTagDictionary } from './tagDictionary';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom } from './testing/writeDicom';

describe('the tag list', () => {
  const image = makeTestImage({ rows: 4, columns: 4 });
  const bytes = writeDicom({
    transferSyntaxUID: syntaxes.implicitLE,
    elements: [
      ...image.elements,
      { tag: 0x00189004, vr: 'CS', value: 'PRODUCT' },
      { tag: 0x60003000, vr: 'OW', value: new Uint8Array(2) },
      { tag: 0x00091010, vr: 'LO', value: 'vendor' },
      {
        tag: 0x00081140,
        vr: 'SQ',
        value: [
          [
            { tag: 0x00081150, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
            { tag: 0x00100020, vr: 'LO', value: 'ID-IN-ITEM' },
          ],
        ],
      },
    ],
    pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
  });

  it('names every standard tag from PS3.6, repeating groups included', async () => {
    const { tags } = listTags(parseDicom(bytes), {
      phi: true,
      dictionary: await loadTagDictionary(),
    });
    const named = Object.fromEntries(tags.map((t) => [t.tag, [t.keyword, t.name]]));
    expect(named['(0018,9004)']).toEqual(['ContentQualification', 'Content Qualification']);
    expect(named['(6000,3000)']).toEqual(['OverlayData', 'Overlay Data']);
    expect(
      tags.filter((t) => parseInt(t.tag.slice(1, 5), 16) % 2 === 0 && t.name === 'Unknown tag'),
    ).toEqual([]);
    expect((await loadTagDictionary()).get('00100010')).toMatchObject({
      keyword: 'PatientName',
      name: "Patient's Name",
      vr: 'PN',
    });
  });

  it('lists sequence items, and hides patient-identifying and private tags inside them too', async () => {
    const shown = listTags(parseDicom(bytes), { phi: true, dictionary: await loadTagDictionary() });
    const sequence = shown.tags.find((t) => t.tag === '(0008,1140)');
    expect(sequence?.items?.[0]?.map((t) => t.tag)).toEqual(['(0008,1150)', '(0010,0020)']);
    const hidden = listTags(parseDicom(bytes), {
      phi: false,
      dictionary: await loadTagDictionary(),
    });
    expect(hidden.tags.find((t) => t.tag === '(0008,1140)')?.items?.[0]?.map((t) => t.tag)).toEqual(
      ['(0008,1150)'],
    );
    expect(hidden.tags.some((t) => t.tag === '(0009,1010)')).toBe(false);
    expect(hidden.hiddenPhi - shown.hiddenPhi).toBeGreaterThanOrEqual(3);
  });
});
