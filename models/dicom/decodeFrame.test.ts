import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { renderFrame } from './renderFrame';
import { encodeJ2k } from './testing/encodeJ2k';
import { encodeRle } from './testing/encodeRle';
import { makeTestImage, type TestImageSpec } from './testing/makeTestImage';
import { syntaxes, writeDicom } from './testing/writeDicom';

function nativeFile(
  spec: TestImageSpec,
  transferSyntaxUID: string = syntaxes.explicitLE,
  fileMeta = true,
) {
  const image = makeTestImage(spec);
  const bytes = writeDicom({
    transferSyntaxUID,
    elements: image.elements,
    pixelData: {
      kind: 'native',
      vr: image.vr,
      bytes: image.bytes,
      wordSize: ((spec.bitsAllocated ?? 16) / 8) as 1 | 2 | 4,
    },
    fileMeta,
  });
  return { bytes, values: image.values };
}

async function allFrames(bytes: Uint8Array): Promise<number[]> {
  const parsed = parseDicom(bytes);
  const frames = readImageInfo(parsed).numberOfFrames;
  const out: number[] = [];
  for (let f = 0; f < frames; f++) out.push(...(await decodeFrame(parsed, f)).pixels);
  return out;
}

const nativeSyntaxes = [
  ['implicit VR little endian', syntaxes.implicitLE],
  ['explicit VR little endian', syntaxes.explicitLE],
  ['explicit VR big endian', syntaxes.explicitBE],
  ['deflated explicit VR little endian', syntaxes.deflatedLE],
] as const;

const pixelFormats: [string, TestImageSpec][] = [
  ['8-bit unsigned', { rows: 9, columns: 12, bitsAllocated: 8 }],
  ['8-bit signed', { rows: 9, columns: 12, bitsAllocated: 8, signed: true }],
  ['12-bit unsigned in 16 with junk above the high bit', { rows: 10, columns: 7, bitsStored: 12 }],
  [
    '12-bit signed at high bit 13',
    { rows: 10, columns: 7, bitsStored: 12, highBit: 13, signed: true },
  ],
  ['16-bit signed', { rows: 5, columns: 6, signed: true }],
  ['32-bit unsigned', { rows: 4, columns: 5, bitsAllocated: 32 }],
  ['32-bit signed', { rows: 4, columns: 5, bitsAllocated: 32, signed: true }],
  ['RGB planar configuration 0', { rows: 6, columns: 8, bitsAllocated: 8, samplesPerPixel: 3 }],
  ['three native frames', { rows: 6, columns: 4, frames: 3 }],
];

describe('decodeFrame on native transfer syntaxes', () => {
  for (const [syntaxName, uid] of nativeSyntaxes) {
    for (const [formatName, spec] of pixelFormats) {
      it(`returns the stored values of ${formatName} in ${syntaxName}`, async () => {
        const { bytes, values } = nativeFile(spec, uid);
        expect(await allFrames(bytes)).toEqual(values);
      });
    }
  }

  it('interleaves RGB with planar configuration 1, per frame', async () => {
    const { bytes, values } = nativeFile({
      rows: 5,
      columns: 6,
      bitsAllocated: 8,
      samplesPerPixel: 3,
      planarConfiguration: 1,
      frames: 2,
    });
    expect(await allFrames(bytes)).toEqual(values);
  });

  it('reads a bare implicit VR data set without preamble or file meta', async () => {
    const { bytes, values } = nativeFile({ rows: 8, columns: 8 }, syntaxes.implicitLE, false);
    expect(parseDicom(bytes).hasFileMeta).toBe(false);
    expect(Array.from((await decodeFrame(bytes)).pixels)).toEqual(values);
  });

  it('reads a bare explicit VR data set without preamble or file meta', async () => {
    const { bytes, values } = nativeFile({ rows: 8, columns: 8 }, syntaxes.explicitLE, false);
    expect(parseDicom(bytes).transferSyntax.uid).toBe(syntaxes.explicitLE);
    expect(Array.from((await decodeFrame(bytes)).pixels)).toEqual(values);
  });

  it('unpacks 1-bit pixels little bit first, across frames that do not start on a byte', async () => {
    const rows = 3;
    const columns = 5;
    const frames = 3;
    const bits = Array.from({ length: rows * columns * frames }, (_, i) =>
      (i * 7) % 3 === 0 ? 1 : 0,
    );
    const packed = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => (packed[i >> 3]! |= b << (i & 7)));
    const { elements } = makeTestImage({
      rows,
      columns,
      frames,
      bitsAllocated: 8,
      values: new Array(rows * columns * frames).fill(0),
    });
    const patched = elements.map((e) =>
      e.tag === 0x00280100
        ? { ...e, value: 1 }
        : e.tag === 0x00280101
          ? { ...e, value: 1 }
          : e.tag === 0x00280102
            ? { ...e, value: 0 }
            : e,
    );
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: patched,
      pixelData: { kind: 'native', vr: 'OB', bytes: packed },
    });
    expect(await allFrames(bytes)).toEqual(bits);
    expect(renderFrame(await decodeFrame(bytes, 1)).rgba[0]).toBe(bits[15] ? 255 : 0);
  });

  it('expands native YBR_FULL_422 and converts it to RGB', async () => {
    // Two pixels share Cb, Cr: Y1 Y2 Cb Cr. Neutral chroma (128) leaves grey.
    const cells = [10, 200, 128, 128, 90, 91, 128, 128];
    const { elements } = makeTestImage({
      rows: 1,
      columns: 4,
      bitsAllocated: 8,
      samplesPerPixel: 3,
      photometric: 'YBR_FULL_422',
      values: new Array(12).fill(0),
    });
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements,
      pixelData: { kind: 'native', vr: 'OB', bytes: Uint8Array.from(cells) },
    });
    const frame = await decodeFrame(bytes);
    expect(frame.photometricInterpretation).toBe('RGB');
    // dcmtk's integer YBR conversion (which we follow) is within one level of grey for neutral chroma.
    const expected = [10, 200, 90, 91].flatMap((y) => [y, y, y]);
    Array.from(frame.pixels).forEach((v, i) =>
      expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1),
    );
  });

  it('maps PALETTE COLOR indices through the red, green and blue LUTs', async () => {
    const entries = 4;
    const lut = (scale: number) =>
      Uint8Array.from(
        new Uint8Array(
          new Uint16Array(Array.from({ length: entries }, (_, i) => i * scale * 256)).buffer,
        ),
      );
    const { elements } = makeTestImage({
      rows: 2,
      columns: 3,
      bitsAllocated: 8,
      photometric: 'PALETTE COLOR',
      values: [0, 1, 2, 3, 9, 0],
      extra: [
        { tag: 0x00281101, vr: 'US', value: [entries, 0, 16] },
        { tag: 0x00281102, vr: 'US', value: [entries, 0, 16] },
        { tag: 0x00281103, vr: 'US', value: [entries, 0, 16] },
        { tag: 0x00281201, vr: 'OW', value: lut(10) },
        { tag: 0x00281202, vr: 'OW', value: lut(20) },
        { tag: 0x00281203, vr: 'OW', value: lut(30) },
      ],
    });
    const { bytes } = {
      bytes: writeDicom({
        transferSyntaxUID: syntaxes.explicitLE,
        elements,
        pixelData: { kind: 'native', vr: 'OB', bytes: Uint8Array.from([0, 1, 2, 3, 9, 0]) },
      }),
    };
    const rendered = renderFrame(await decodeFrame(bytes));
    expect(Array.from(rendered.rgba.subarray(4, 8))).toEqual([10, 20, 30, 255]);
    // Index 9 is past the table: clamps to the last entry (PS3.3 C.7.6.3.1.5).
    expect(Array.from(rendered.rgba.subarray(16, 20))).toEqual([30, 60, 90, 255]);
  });
});

describe('decodeFrame on compressed transfer syntaxes made without dcmtk', () => {
  it('decodes RLE Lossless for 8-bit RGB, 16-bit signed and multi-frame data', async () => {
    for (const spec of [
      { rows: 7, columns: 9, bitsAllocated: 8, samplesPerPixel: 3 },
      { rows: 7, columns: 9, signed: true, bitsStored: 16 },
      { rows: 4, columns: 6, frames: 3, bitsStored: 12 },
      { rows: 5, columns: 7, samplesPerPixel: 3, bitsStored: 16 },
      { rows: 3, columns: 5, bitsAllocated: 32, bitsStored: 32, signed: true },
    ] as TestImageSpec[]) {
      const image = makeTestImage({ ...spec, highBit: undefined });
      const spp = spec.samplesPerPixel ?? 1;
      const frameSize = spec.rows * spec.columns * spp;
      const frames = Array.from({ length: spec.frames ?? 1 }, (_, f) =>
        encodeRle(image.values.slice(f * frameSize, (f + 1) * frameSize), {
          samplesPerPixel: spp,
          bytesPerSample: (spec.bitsAllocated ?? 16) / 8,
        }),
      );
      const bytes = writeDicom({
        transferSyntaxUID: syntaxes.rle,
        elements: image.elements,
        pixelData: { kind: 'encapsulated', frames },
      });
      expect(await allFrames(bytes)).toEqual(image.values);
    }
  });

  for (const kind of ['jpeg2000', 'htj2k'] as const) {
    it(`decodes lossless ${kind === 'htj2k' ? 'HTJ2K' : 'JPEG 2000'} grey (12-bit, signed 16-bit) and RGB losslessly`, async () => {
      for (const spec of [
        { rows: 16, columns: 20, bitsStored: 12 },
        { rows: 16, columns: 20, bitsStored: 16, signed: true },
        { rows: 16, columns: 20, bitsAllocated: 8, samplesPerPixel: 3 },
      ] as TestImageSpec[]) {
        const image = makeTestImage(spec);
        const ba = spec.bitsAllocated ?? 16;
        const samples =
          ba === 8
            ? Uint8Array.from(image.values)
            : spec.signed
              ? Int16Array.from(image.values)
              : Uint16Array.from(image.values);
        const encoded = await encodeJ2k(kind, samples, {
          width: spec.columns,
          height: spec.rows,
          bitsPerSample: spec.bitsStored ?? ba,
          componentCount: spec.samplesPerPixel ?? 1,
          isSigned: spec.signed ?? false,
        });
        const uid = kind === 'htj2k' ? syntaxes.htj2kLossless : syntaxes.jpeg2000Lossless;
        const bytes = writeDicom({
          transferSyntaxUID: uid,
          elements: image.elements,
          pixelData: { kind: 'encapsulated', frames: [encoded], fragmentsPerFrame: 3 },
        });
        expect(Array.from((await decodeFrame(bytes)).pixels)).toEqual(image.values);
      }
    });
  }

  it('finds frames through the Basic Offset Table when each frame has several fragments', async () => {
    const image = makeTestImage({ rows: 8, columns: 8, frames: 3, bitsStored: 10 });
    const frames = [0, 1, 2].map((f) =>
      encodeRle(image.values.slice(f * 64, (f + 1) * 64), {
        samplesPerPixel: 1,
        bytesPerSample: 2,
      }),
    );
    const j2kFrames = await Promise.all(
      [0, 1, 2].map((f) =>
        encodeJ2k('jpeg2000', Uint16Array.from(image.values.slice(f * 64, (f + 1) * 64)), {
          width: 8,
          height: 8,
          bitsPerSample: 10,
          componentCount: 1,
          isSigned: false,
        }),
      ),
    );
    const withTable = writeDicom({
      transferSyntaxUID: syntaxes.jpeg2000Lossless,
      elements: image.elements,
      pixelData: {
        kind: 'encapsulated',
        frames: j2kFrames,
        offsetTable: true,
        fragmentsPerFrame: 2,
      },
    });
    const withoutTable = writeDicom({
      transferSyntaxUID: syntaxes.jpeg2000Lossless,
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames: j2kFrames, fragmentsPerFrame: 2 },
    });
    const rle = writeDicom({
      transferSyntaxUID: syntaxes.rle,
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames, offsetTable: true },
    });
    expect(await allFrames(withTable)).toEqual(image.values);
    expect(await allFrames(withoutTable)).toEqual(image.values);
    expect(await allFrames(rle)).toEqual(image.values);
  });
});

describe('RLE Lossless of 1-bit pixels', () => {
  it('reads one segment of bits packed as native data, across rows that do not end on a byte', async () => {
    const rows = 7;
    const columns = 13;
    const bits = Array.from({ length: rows * columns }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const packed = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => (packed[i >> 3]! |= b << (i & 7)));
    const { elements } = makeTestImage({
      rows,
      columns,
      bitsAllocated: 8,
      values: new Array(rows * columns).fill(0),
    });
    const oneBit = elements.map((e) =>
      e.tag === 0x00280100 || e.tag === 0x00280101
        ? { ...e, value: 1 }
        : e.tag === 0x00280102
          ? { ...e, value: 0 }
          : e,
    );
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.rle,
      elements: oneBit,
      pixelData: {
        kind: 'encapsulated',
        frames: [encodeRle(Array.from(packed), { samplesPerPixel: 1, bytesPerSample: 1 })],
      },
    });
    expect(Array.from((await decodeFrame(bytes)).pixels)).toEqual(bits);
  });
});
