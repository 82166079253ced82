import { encodeJ2k } from '../models/dicom/testing/encodeJ2k';
import { makeTestImage } from '../models/dicom/testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from '../models/dicom/testing/writeDicom';

const SIZE = 128;
export const SPACING = 0.5;

/**
 * A CT-like slice: 16-bit signed, rescale -1024 (stored 0 = air), a round
 * "body" of soft tissue (40 HU) with a bone ring whose radius changes per
 * slice, window 40/400, pixel spacing 0.5 mm.
 */
export function ctSlice(instance: number, series: CtSeries = DEFAULT_SERIES): Buffer {
  const { elements, image } = ctSliceParts(instance, series);
  return Buffer.from(
    writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements,
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    }),
  );
}

/** The same CT slice with its pixel data in lossless JPEG 2000 (decoded by OpenJPEG in wasm). */
export async function ctSliceJ2k(instance: number): Promise<Buffer> {
  const { elements, image } = ctSliceParts(instance, DEFAULT_SERIES);
  const samples = new Int16Array(image.bytes.buffer, 0, SIZE * SIZE);
  const encoded = await encodeJ2k('jpeg2000', samples, {
    width: SIZE,
    height: SIZE,
    bitsPerSample: 16,
    componentCount: 1,
    isSigned: true,
  });
  return Buffer.from(
    writeDicom({
      transferSyntaxUID: syntaxes.jpeg2000Lossless,
      elements,
      pixelData: { kind: 'encapsulated', frames: [encoded] },
    }),
  );
}

interface CtSeries {
  uid: string;
  description: string;
  number: number;
}

const DEFAULT_SERIES: CtSeries = {
  uid: '1.2.826.0.1.3680043.10.1.4',
  description: 'Axial test series',
  number: 1,
};

function ctSliceParts(instance: number, series: CtSeries) {
  const values: number[] = [];
  const radius = 30 + instance * 4;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
      const hu = r < radius - 6 ? 40 : r < radius ? 1000 : -1000;
      values.push(hu + 1024);
    }
  }
  const extra: ElementSpec[] = [
    { tag: 0x00080018, vr: 'UI', value: `${series.uid}.5.${instance}` },
    { tag: 0x0008103e, vr: 'LO', value: series.description },
    { tag: 0x0020000e, vr: 'UI', value: series.uid },
    { tag: 0x00200011, vr: 'IS', value: String(series.number) },
    // One Frame of Reference for every test series: they share a patient position.
    { tag: 0x00200052, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.7' },
    { tag: 0x00101010, vr: 'AS', value: '054Y' },
    { tag: 0x00200013, vr: 'IS', value: String(instance) },
    { tag: 0x00200032, vr: 'DS', value: [0, 0, instance * 2.5] },
    { tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] },
    { tag: 0x00180050, vr: 'DS', value: '2.5' },
    { tag: 0x00201041, vr: 'DS', value: String(instance * 2.5) },
  ];
  const image = makeTestImage({
    rows: SIZE,
    columns: SIZE,
    bitsAllocated: 16,
    signed: true,
    values,
    modality: 'CT',
    sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
    rescale: { slope: 1, intercept: -1024 },
    window: { center: 40, width: 400 },
    extra,
  });
  const elements = image.elements.filter((e) => !extra.some((x) => x.tag === e.tag));
  return { elements: [...elements, ...extra], image };
}

export const dicomFile = (name: string, buffer: Buffer) => ({
  name,
  mimeType: 'application/dicom',
  buffer,
});

/** A CT slice whose pixel data is in JPEG XL (PS3.5 Table A-4), which the decoder has no codec for. */
export function jpegXlSlice(): Buffer {
  return Buffer.from(
    writeDicom({
      transferSyntaxUID: '1.2.840.10008.1.2.4.110',
      elements: [
        { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
        { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.6.1' },
        { tag: 0x00080060, vr: 'CS', value: 'CT' },
        { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.6.2' },
        { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.6.3' },
        { tag: 0x00280002, vr: 'US', value: 1 },
        { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
        { tag: 0x00280010, vr: 'US', value: 8 },
        { tag: 0x00280011, vr: 'US', value: 8 },
        { tag: 0x00280100, vr: 'US', value: 16 },
        { tag: 0x00280101, vr: 'US', value: 16 },
        { tag: 0x00280102, vr: 'US', value: 15 },
        { tag: 0x00280103, vr: 'US', value: 1 },
      ],
      pixelData: { kind: 'encapsulated', frames: [new Uint8Array([0xff, 0x0a, 1, 2, 3, 4])] },
    }),
  );
}

/** Frame windows of `enhancedCt`: each frame of an Enhanced CT carries its own (PS3.3 C.7.6.16.2.10). */
export const ENHANCED_WINDOWS = [
  { center: 40, width: 400 },
  { center: 500, width: 1500 },
  { center: -600, width: 1200 },
];

/**
 * An Enhanced CT object of three frames, window and rescale in the Per-frame
 * Functional Groups. With `positions`, a series of its own in ctSlice's Frame
 * of Reference: each frame's Plane Position (Patient) per frame (PS3.3
 * C.7.6.16.2.3), the plane orientation shared, none at the top level.
 */
export function enhancedCt(positions?: readonly number[]): Buffer {
  const image = makeTestImage({
    rows: 64,
    columns: 64,
    bitsStored: 12,
    frames: ENHANCED_WINDOWS.length,
    modality: 'CT',
    sopClassUID: '1.2.840.10008.5.1.4.1.1.2.1',
  });
  const perFrame: ElementSpec[][] = ENHANCED_WINDOWS.map((w, i) => [
    ...(positions
      ? [
          {
            tag: 0x00209113,
            vr: 'SQ',
            value: [[{ tag: 0x00200032, vr: 'DS', value: [0, 0, positions[i] ?? 0] }]],
          } satisfies ElementSpec,
        ]
      : []),
    {
      tag: 0x00289132,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00281050, vr: 'DS', value: w.center },
          { tag: 0x00281051, vr: 'DS', value: w.width },
        ],
      ],
    },
    {
      tag: 0x00289145,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00281052, vr: 'DS', value: -1024 },
          { tag: 0x00281053, vr: 'DS', value: 1 },
        ],
      ],
    },
  ]);
  return Buffer.from(
    writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: [
        ...image.elements.filter((e) => !positions || e.tag !== 0x0020000e),
        { tag: 0x0008103e, vr: 'LO', value: 'Enhanced test series' },
        ...(positions
          ? ([
              { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.9' },
              { tag: 0x00200011, vr: 'IS', value: '3' },
              { tag: 0x00200052, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.7' },
              {
                tag: 0x52009229,
                vr: 'SQ',
                value: [
                  [
                    {
                      tag: 0x00209116,
                      vr: 'SQ',
                      value: [[{ tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] }]],
                    },
                  ],
                ],
              },
            ] satisfies ElementSpec[])
          : []),
        { tag: 0x52009230, vr: 'SQ', value: perFrame },
      ],
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    }),
  );
}
