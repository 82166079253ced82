import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { DicomError } from './DicomError';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { seededRandom } from '../random/seededRandom';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from './testing/writeDicom';

function validFile(
  elements?: (e: ElementSpec[]) => ElementSpec[],
  pixelBytes?: (b: Uint8Array) => Uint8Array,
): Uint8Array {
  const image = makeTestImage({ rows: 16, columns: 16, bitsStored: 12 });
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: elements ? elements(image.elements) : image.elements,
    pixelData: {
      kind: 'native',
      vr: 'OW',
      bytes: pixelBytes ? pixelBytes(image.bytes) : image.bytes,
    },
  });
}

const setTag = (tag: number, value: ElementSpec['value']) => (elements: ElementSpec[]) =>
  elements.map((e) => (e.tag === tag ? { ...e, value } : e));

/** Parses and decodes frame 0; resolves to the one error it raises. */
async function failure(bytes: Uint8Array): Promise<Error> {
  try {
    await decodeFrame(bytes, 0);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected decodeFrame to fail');
}

describe('bad input gives one clear DicomError', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['an empty file', () => new Uint8Array(0), /parseDicom: the file is empty/],
    [
      'random bytes',
      () => Uint8Array.from({ length: 4096 }, seededRandom(3)).map((v) => Math.floor(v * 256)),
      /not a DICOM file/,
    ],
    [
      'a text file',
      () => new TextEncoder().encode('Patient report\nno pixels here\n'.repeat(20)),
      /not a DICOM file/,
    ],
    [
      'a header cut off after the preamble',
      () => validFile().subarray(0, 200),
      /malformed or truncated DICOM|truncated/,
    ],
    [
      'a header cut off inside the data set',
      () => validFile().subarray(0, 330),
      /malformed or truncated DICOM|truncated/,
    ],
    [
      'pixel data cut short',
      () => validFile().subarray(0, validFile().length - 101),
      /truncated pixel data|malformed or truncated/,
    ],
    [
      'absurd dimensions (65535 x 65535 RGB)',
      () =>
        validFile((e) =>
          setTag(0x00280011, 65535)(setTag(0x00280010, 65535)(setTag(0x00280002, 3)(e))),
        ),
      /too large/,
    ],
    [
      'a large header over tiny pixel data',
      () => validFile((e) => setTag(0x00280011, 20000)(setTag(0x00280010, 20000)(e))),
      /truncated pixel data/,
    ],
    ['Bits Allocated 7', () => validFile(setTag(0x00280100, 7)), /Bits Allocated is 7/],
    [
      'Bits Stored above Bits Allocated',
      () => validFile(setTag(0x00280101, 20)),
      /Bits Stored is 20/,
    ],
    [
      'a million frames',
      () => validFile((e) => [...e, { tag: 0x00280008, vr: 'IS', value: '1000000' }]),
      /Number of Frames/,
    ],
    [
      'a PNG handed to the DICOM parser',
      () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      /PNG image, not DICOM/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`rejects ${name}`, async () => {
      const error = await failure(make());
      expect(error).toBeInstanceOf(DicomError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
    });
  }

  it('rejects a JPEG-family codestream whose header claims another size than the DICOM header', async () => {
    const image = makeTestImage({ rows: 16, columns: 16, bitsAllocated: 8 });
    // SOI, then an SOF3 (lossless) header for 60000 x 60000.
    const lying = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0xea, 0x60, 0xea, 0x60, 1, 1, 0x11, 0, 0xff, 0xd9, 0,
    ]);
    const bytes = writeDicom({
      transferSyntaxUID: '1.2.840.10008.1.2.4.70',
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames: [lying] },
    });
    const error = await failure(bytes);
    expect(error).toBeInstanceOf(DicomError);
    expect(error.message).toMatch(/codestream is 60000x60000, the header says 16x16/);
  });

  it('rejects garbage inside a JPEG 2000 frame without crashing the codec', async () => {
    const image = makeTestImage({ rows: 16, columns: 16, bitsAllocated: 8 });
    const garbage = Uint8Array.from([
      0xff,
      0x4f,
      0xff,
      0x51,
      0,
      41,
      0,
      0,
      0,
      0,
      0,
      16,
      0,
      0,
      0,
      16,
      ...new Array(40).fill(0x55),
    ]);
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.jpeg2000Lossless,
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames: [garbage] },
    });
    const error = await failure(bytes);
    expect(error).toBeInstanceOf(DicomError);
    expect(error.message).toMatch(/^decodeFrame: /);
  });

  it('reports an unsupported transfer syntax by name', async () => {
    const image = makeTestImage({ rows: 4, columns: 4 });
    const bytes = writeDicom({
      transferSyntaxUID: '1.2.840.10008.1.2.4.102',
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames: [new Uint8Array(8)] },
    });
    expect((await failure(bytes)).message).toMatch(/MPEG-4 AVC\/H.264 .* is not supported/);
  });

  it('recognises a structured report as a non-image object: info works, decoding says there is no image', async () => {
    const elements: ElementSpec[] = [
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.11' },
      { tag: 0x00080018, vr: 'UI', value: '1.2.3.4' },
      { tag: 0x00080060, vr: 'CS', value: 'SR' },
      { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    ];
    const bytes = writeDicom({ transferSyntaxUID: syntaxes.explicitLE, elements });
    const info = readImageInfo(parseDicom(bytes));
    expect(info).toMatchObject({
      isImage: false,
      sopClassName: 'Basic Text SR Storage',
      modality: 'SR',
    });
    expect((await failure(bytes)).message).toBe(
      'decodeFrame: the file holds no image (Basic Text SR Storage)',
    );
  });

  it('rejects a frame number outside the file', async () => {
    expect((await decodeFrame(validFile(), 0)).pixels.length).toBe(256);
    await expect(decodeFrame(validFile(), 1)).rejects.toThrow(
      /frame 1 does not exist \(the file has 1 frame/,
    );
  });
});
