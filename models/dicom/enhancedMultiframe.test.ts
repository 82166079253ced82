import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import { hasDcmtk, renderWithDcmtk } from './testing/dcmtk';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from './testing/writeDicom';

const frames = [
  { center: 40, width: 400, slope: 1, intercept: -1024, z: 10 },
  { center: 500, width: 1500, slope: 2, intercept: -2048, z: 12.5 },
  { center: -600, width: 1200, slope: 1, intercept: -1000, z: 15 },
];

/** An Enhanced CT object: spacing in the Shared groups, window, rescale and position per frame. */
function enhancedCt(): Uint8Array {
  const image = makeTestImage({ rows: 16, columns: 12, bitsStored: 12, frames: 3 });
  const perFrame: ElementSpec[][] = frames.map((f) => [
    {
      tag: 0x00209113,
      vr: 'SQ',
      value: [[{ tag: 0x00200032, vr: 'DS', value: [-100, -120, f.z] }]],
    },
    {
      tag: 0x00289132,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00281050, vr: 'DS', value: f.center },
          { tag: 0x00281051, vr: 'DS', value: f.width },
        ],
      ],
    },
    {
      tag: 0x00289145,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00281052, vr: 'DS', value: f.intercept },
          { tag: 0x00281053, vr: 'DS', value: f.slope },
          { tag: 0x00281054, vr: 'LO', value: 'HU' },
        ],
      ],
    },
  ]);
  const shared: ElementSpec[][] = [
    [
      {
        tag: 0x00289110,
        vr: 'SQ',
        value: [
          [
            { tag: 0x00280030, vr: 'DS', value: [0.7, 0.8] },
            { tag: 0x00180050, vr: 'DS', value: 2.5 },
          ],
        ],
      },
      {
        tag: 0x00209116,
        vr: 'SQ',
        value: [[{ tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] }]],
      },
    ],
  ];
  const elements = image.elements
    .filter((e) => e.tag !== 0x00080016 && e.tag !== 0x00280030)
    .concat([
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2.1' },
      { tag: 0x52009229, vr: 'SQ', value: shared },
      { tag: 0x52009230, vr: 'SQ', value: perFrame },
    ]);
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements,
    pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
  });
}

describe('enhanced multi-frame functional groups (PS3.3 C.7.6.16)', () => {
  it('gives info frame 0 values at the top and every frame under frames', () => {
    const info = readImageInfo(parseDicom(enhancedCt()));
    expect(info).toMatchObject({
      windowCenter: [40],
      windowWidth: [400],
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      pixelSpacing: [0.7, 0.8],
      sliceThickness: 2.5,
      imagePositionPatient: [-100, -120, 10],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      warnings: [],
    });
    expect(
      info.frames?.map((f) => [f.windowCenter?.[0], f.rescaleSlope, f.imagePositionPatient?.[2]]),
    ).toEqual(frames.map((f) => [f.center, f.slope, f.z]));
  });

  it('decodes each frame with its own window and rescale', async () => {
    const bytes = enhancedCt();
    for (const [index, f] of frames.entries()) {
      const frame = await decodeFrame(bytes, index);
      expect(frame.windows[0]).toEqual({ center: f.center, width: f.width });
      expect([frame.rescaleSlope, frame.rescaleIntercept]).toEqual([f.slope, f.intercept]);
      expect(frame.info.pixelSpacing).toEqual([0.7, 0.8]);
      expect(frame.info.imagePositionPatient?.[2]).toBe(f.z);
    }
  });

  it.skipIf(!hasDcmtk)(
    "renders every frame as dcmtk renders a classic file carrying that frame's values at the top level",
    async () => {
      // dcmj2pnm ignores the functional groups, so the reference moves them where it looks.
      const bytes = enhancedCt();
      const image = makeTestImage({ rows: 16, columns: 12, bitsStored: 12, frames: 3 });
      for (const [index, f] of frames.entries()) {
        const ours = renderFrame(await decodeFrame(bytes, index));
        const classic = writeDicom({
          transferSyntaxUID: syntaxes.explicitLE,
          elements: [
            ...image.elements,
            { tag: 0x00281050, vr: 'DS', value: f.center },
            { tag: 0x00281051, vr: 'DS', value: f.width },
            { tag: 0x00281052, vr: 'DS', value: f.intercept },
            { tag: 0x00281053, vr: 'DS', value: f.slope },
          ],
          pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
        });
        const theirs = renderWithDcmtk(classic, { frame: index, voi: ['+Wi', '1'] });
        expect(compareWithPnm(ours, theirs).maxDiff, `frame ${index}`).toBeLessThanOrEqual(1);
      }
    },
  );
});
