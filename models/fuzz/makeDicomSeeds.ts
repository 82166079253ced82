import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertWithDcmtk, hasDcmtk } from '../dicom/testing/dcmtk';
import { encodeJ2k } from '../dicom/testing/encodeJ2k';
import { encodeJpegLossless } from '../dicom/testing/encodeJpegLossless';
import { encodeRle } from '../dicom/testing/encodeRle';
import { makeTestImage, type TestImageSpec } from '../dicom/testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from '../dicom/testing/writeDicom';

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

function native(spec: TestImageSpec, syntax: string = syntaxes.explicitLE): Uint8Array {
  const image = makeTestImage(spec);
  return writeDicom({
    transferSyntaxUID: syntax,
    elements: image.elements,
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
}

/** Nested sequences and a VOI LUT, for mutations of item and sequence lengths. */
function withSequences(): Uint8Array {
  const image = makeTestImage({ rows: 8, columns: 8, bitsStored: 12 });
  const lut = Array.from({ length: 16 }, (_, i) => i * 16);
  const nested: ElementSpec[][] = [
    [
      { tag: 0x00081150, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
      {
        tag: 0x00081140,
        vr: 'SQ',
        value: [[{ tag: 0x00081155, vr: 'UI', value: '1.2.3.4.5' }], []],
      },
    ],
  ];
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [
      ...image.elements,
      { tag: 0x00081140, vr: 'SQ', value: nested },
      {
        tag: 0x00283010,
        vr: 'SQ',
        value: [
          [
            { tag: 0x00283002, vr: 'US', value: [16, 0, 16] },
            { tag: 0x00283006, vr: 'US', value: lut },
          ],
        ],
      },
    ],
    pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
  });
}

function palette(): Uint8Array {
  const image = makeTestImage({
    rows: 8,
    columns: 8,
    bitsAllocated: 8,
    photometric: 'PALETTE COLOR',
  });
  const ramp = Array.from({ length: 256 }, (_, i) => i * 257);
  const elements: ElementSpec[] = [...image.elements];
  [0x1101, 0x1102, 0x1103].forEach((t) =>
    elements.push({ tag: 0x00280000 + t, vr: 'US', value: [256, 0, 16] }),
  );
  [0x1201, 0x1202, 0x1203].forEach((t) =>
    elements.push({
      tag: 0x00280000 + t,
      vr: 'OW',
      value: new Uint8Array(Uint16Array.from(ramp).buffer),
    }),
  );
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements,
    pixelData: { kind: 'native', vr: 'OB', bytes: image.bytes },
  });
}

async function compressed(): Promise<SeedFile[]> {
  const spec = { rows: 16, columns: 16, bitsStored: 12, frames: 2 } as const;
  const image = makeTestImage(spec);
  const perFrame = spec.rows * spec.columns;
  const frames = [0, 1].map((f) => image.values.slice(f * perFrame, (f + 1) * perFrame));
  const file = (uid: string, encoded: Uint8Array[], offsetTable = true) =>
    writeDicom({
      transferSyntaxUID: uid,
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames: encoded, offsetTable, fragmentsPerFrame: 2 },
    });
  const j2k = (kind: 'jpeg2000' | 'htj2k') =>
    Promise.all(
      frames.map((values) =>
        encodeJ2k(kind, Uint16Array.from(values), {
          width: spec.columns,
          height: spec.rows,
          bitsPerSample: 12,
          componentCount: 1,
          isSigned: false,
        }),
      ),
    );
  return [
    {
      name: 'rle-16bit-2frames',
      bytes: file(
        syntaxes.rle,
        frames.map((values) => encodeRle(values, { samplesPerPixel: 1, bytesPerSample: 2 })),
      ),
    },
    {
      name: 'jpeg-lossless-2frames',
      bytes: file(
        '1.2.840.10008.1.2.4.70',
        frames.map((values) =>
          encodeJpegLossless(values, { width: spec.columns, height: spec.rows, precision: 12 }),
        ),
        false,
      ),
    },
    { name: 'jpeg2000-2frames', bytes: file(syntaxes.jpeg2000Lossless, await j2k('jpeg2000')) },
    { name: 'htj2k-2frames', bytes: file(syntaxes.htj2kLossless, await j2k('htj2k')) },
  ];
}

/** Small real-world files of pydicom's test set, one per codec or oddity. */
const realSeeds = [
  'ExplVR_BigEnd',
  'GDCMJ2K_TextGBR',
  'JPEG2000',
  'JPGExtended',
  'MR_small_RLE',
  'MR_small_jpeg_ls_lossless',
  'SC_rgb_jpeg_gdcm',
  'SC_rgb_jpeg_lossy_gdcm',
  'SC_rgb_small_odd_jpeg',
  'badVR',
  'image_dfl',
  'rtdose_rle_1frame',
];

/**
 * The files the DICOM fuzzer mutates: every transfer syntax and pixel
 * layout the decoder reads, small so that one case takes milliseconds.
 * With dcmtk installed, its JPEG baseline, JPEG-LS and 12-bit extended files join in.
 */
export async function makeDicomSeeds(): Promise<SeedFile[]> {
  const ct = native({
    rows: 16,
    columns: 16,
    bitsStored: 12,
    signed: true,
    rescale: { slope: 1, intercept: -1024 },
    window: { center: 40, width: 400 },
    modality: 'CT',
  });
  const seeds: SeedFile[] = [
    { name: 'ct-explicit-le', bytes: ct },
    {
      name: 'mono1-implicit-le',
      bytes: native(
        { rows: 12, columns: 10, bitsAllocated: 8, photometric: 'MONOCHROME1' },
        syntaxes.implicitLE,
      ),
    },
    {
      name: 'explicit-be-16bit',
      bytes: native({ rows: 10, columns: 12, bitsStored: 16 }, syntaxes.explicitBE),
    },
    {
      name: 'deflated-le',
      bytes: native({ rows: 10, columns: 10, bitsStored: 10 }, syntaxes.deflatedLE),
    },
    {
      name: 'rgb-planar',
      bytes: native({
        rows: 8,
        columns: 8,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'RGB',
        planarConfiguration: 1,
      }),
    },
    {
      name: 'ybr-full-multiframe',
      bytes: native({
        rows: 8,
        columns: 6,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'YBR_FULL',
        frames: 3,
      }),
    },
    { name: 'sequences-voi-lut', bytes: withSequences() },
    { name: 'palette-color', bytes: palette() },
    { name: 'no-preamble', bytes: ct.subarray(132) },
    ...(await compressed()),
  ];
  // Real files from pydicom's public test set (Debian python3-pydicom) where installed.
  const pydicom = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
  for (const name of realSeeds) {
    const path = join(pydicom, `${name}.dcm`);
    if (existsSync(path))
      seeds.push({ name: `pydicom-${name}`, bytes: new Uint8Array(readFileSync(path)) });
  }
  if (hasDcmtk) {
    const eight = native({ rows: 16, columns: 16, bitsAllocated: 8 });
    const twelve = native({ rows: 16, columns: 16, bitsStored: 12 });
    seeds.push(
      { name: 'jpeg-baseline', bytes: convertWithDcmtk('dcmcjpeg', ['+eb'], eight) },
      { name: 'jpeg-extended-12bit', bytes: convertWithDcmtk('dcmcjpeg', ['+ee'], twelve) },
      { name: 'jpeg-ls', bytes: convertWithDcmtk('dcmcjpls', [], twelve) },
      { name: 'jpeg-progressive-12bit', bytes: convertWithDcmtk('dcmcjpeg', ['+ep'], twelve) },
    );
  }
  return seeds;
}
