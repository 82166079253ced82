import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { DicomError } from './DicomError';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { renderFrame } from './renderFrame';
import { compareWithPnm } from './testing/compareImages';
import { dcmtkDefaultVoi, hasDcmtk, noDcmtkReason, renderWithDcmtk } from './testing/dcmtk';
import { encodeRle } from './testing/encodeRle';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from './testing/writeDicom';

const image = makeTestImage({ rows: 12, columns: 10, bitsStored: 12 });

/** Bytes of one explicit VR element with a 16-bit length, written as is (odd lengths included). */
function shortElement(
  tag: number,
  vr: string,
  value: Uint8Array,
  { bigEndian = false } = {},
): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, !bigEndian);
  view.setUint16(2, tag & 0xffff, !bigEndian);
  out.set(new TextEncoder().encode(vr), 4);
  view.setUint16(6, value.length, !bigEndian);
  out.set(value, 8);
  return out;
}

function file(
  extra: ElementSpec[],
  {
    syntax = syntaxes.explicitLE,
    pixels = image.bytes,
  }: { syntax?: string; pixels?: Uint8Array } = {},
): Uint8Array {
  return writeDicom({
    transferSyntaxUID: syntax,
    elements: [...image.elements, ...extra],
    pixelData: { kind: 'native', vr: 'OW', bytes: pixels },
  });
}

/** Decodes frame 0, checks the stored values and, with dcmtk, that dcmj2pnm renders the same. */
async function expectReadLikeDcmtk(bytes: Uint8Array, warning: RegExp): Promise<void> {
  const frame = await decodeFrame(bytes);
  expect(Array.from(frame.pixels)).toEqual(image.values);
  expect(frame.warnings.some((w) => warning.test(w))).toBe(true);
  expect(readImageInfo(parseDicom(bytes)).warnings).toEqual(frame.warnings);
  if (!hasDcmtk) return;
  const theirs = renderWithDcmtk(bytes, { voi: dcmtkDefaultVoi(false) });
  expect(compareWithPnm(renderFrame(frame), theirs).maxDiff).toBeLessThanOrEqual(1);
}

describe.skipIf(!hasDcmtk)('with dcmtk', () => {
  it('is installed for the comparisons below', () => expect(hasDcmtk).toBe(true));
});
if (!hasDcmtk) console.warn(`tolerantReading.test: dcmtk comparisons skipped: ${noDcmtkReason}`);

describe('tolerant reading: damage dcmtk reads through is read with a warning', () => {
  it('reads a well-formed file without warnings', async () => {
    expect((await decodeFrame(file([]))).warnings).toEqual([]);
  });

  it('reads a file without the 128-byte preamble by the transfer syntax in its file meta', async () => {
    const rle = writeDicom({
      transferSyntaxUID: syntaxes.rle,
      elements: image.elements,
      pixelData: {
        kind: 'encapsulated',
        frames: [encodeRle(image.values, { samplesPerPixel: 1, bytesPerSample: 2 })],
      },
    });
    const noPreamble = rle.subarray(132);
    const parsed = parseDicom(noPreamble);
    expect(parsed.transferSyntax.uid).toBe(syntaxes.rle);
    expect(parsed.hasFileMeta).toBe(true);
    await expectReadLikeDcmtk(noPreamble, /no 128-byte preamble/);
  });

  it('keeps the real file meta when the data set repeats group 0002 with another transfer syntax', async () => {
    const stray = shortElement(0x00020010, 'UI', new TextEncoder().encode('1.2.840.10008.1.2.2\0'));
    // Sorted after (0008,xxxx), so it sits inside the data set, not next to the meta.
    const bytes = file([{ tag: 0x00090000, vr: 'raw', value: stray }]);
    const parsed = parseDicom(bytes);
    expect(parsed.transferSyntax.uid).toBe(syntaxes.explicitLE);
    expect(parsed.dataSet.string('x00020010')).toBe(syntaxes.explicitLE);
    await expectReadLikeDcmtk(bytes, /repeats 1 File Meta element/);
  });

  it('reads an undefined-length UN element in explicit big endian as an implicit VR little endian sequence (CP-246)', async () => {
    const head = new Uint8Array(12);
    const view = new DataView(head.buffer);
    view.setUint16(0, 0x0040, false);
    view.setUint16(2, 0x0275, false);
    head.set(new TextEncoder().encode('UN'), 4);
    view.setUint32(8, 0xffffffff, false);
    const le = (...words: number[]) => {
      const out = new Uint8Array(words.length * 4);
      const v = new DataView(out.buffer);
      words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
      return out;
    };
    // Item (FFFE,E000) undefined length, (0040,1001) "ID01" implicit LE, item and sequence delimiters.
    const body = new Uint8Array([
      ...le(0xe000fffe, 0xffffffff, 0x10010040, 4),
      ...new TextEncoder().encode('ID01'),
      ...le(0xe00dfffe, 0, 0xe0ddfffe, 0),
    ]);
    const un = new Uint8Array([...head, ...body]);
    const bytes = file([{ tag: 0x00400275, vr: 'raw', value: un }], {
      syntax: syntaxes.explicitBE,
    });
    const parsed = parseDicom(bytes);
    const item = parsed.dataSet.elements.x00400275?.items?.[0]?.dataSet;
    expect(item?.string('x00401001')).toBe('ID01');
    await expectReadLikeDcmtk(bytes, /CP-246/);
  });

  it('renders the bytes it needs of oversized pixel data and warns', async () => {
    const longer = new Uint8Array(image.bytes.length + 64);
    longer.set(image.bytes);
    await expectReadLikeDcmtk(file([], { pixels: longer }), /Pixel Data holds 304 bytes/);
  });

  it('reads on after an element of odd length', async () => {
    const odd = shortElement(0x00081090, 'LO', new TextEncoder().encode('ABC'));
    const bytes = file([{ tag: 0x00081090, vr: 'raw', value: odd }]);
    expect(parseDicom(bytes).dataSet.string('x00081090')).toBe('ABC');
    await expectReadLikeDcmtk(bytes, /odd length/);
  });

  it('reads an implicit VR element inside an explicit VR data set', async () => {
    const implicit = new Uint8Array(12);
    const view = new DataView(implicit.buffer);
    view.setUint16(0, 0x0008, true);
    view.setUint16(2, 0x1090, true);
    view.setUint32(4, 4, true);
    implicit.set(new TextEncoder().encode('XYZ '), 8);
    const bytes = file([{ tag: 0x00081090, vr: 'raw', value: implicit }]);
    expect(parseDicom(bytes).dataSet.string('x00081090')).toBe('XYZ');
    const frame = await decodeFrame(bytes);
    expect(Array.from(frame.pixels)).toEqual(image.values);
    expect(frame.warnings.join(' ')).toMatch(/no explicit VR/);
  });

  it('reads a data set written in implicit VR although the meta says explicit', async () => {
    const explicit = file([]);
    const metaEnd = 144 + new DataView(explicit.buffer).getUint32(140, true);
    const implicitBody = writeDicom({
      transferSyntaxUID: syntaxes.implicitLE,
      elements: image.elements,
      pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
      fileMeta: false,
    });
    const bytes = new Uint8Array([...explicit.subarray(0, metaEnd), ...implicitBody]);
    const frame = await decodeFrame(bytes);
    expect(Array.from(frame.pixels)).toEqual(image.values);
    expect(frame.warnings.join(' ')).toMatch(/written in implicit VR little endian/);
  });

  it('reads a sequence item of undefined length that lacks its delimiter up to the end of the sequence', () => {
    const bytes = file([
      {
        tag: 0x00081140,
        vr: 'SQ',
        value: [[{ tag: 0x00081150, vr: 'UI', value: '1.2.3' }]],
      },
    ]);
    const parsed = parseDicom(bytes);
    expect(parsed.dataSet.elements.x00081140?.items?.[0]?.dataSet?.string('x00081150')).toBe(
      '1.2.3',
    );
    expect(parsed.warnings).toEqual([]);
  });
});

describe('unreadable damage gives one clean sentence', () => {
  const fail = async (bytes: Uint8Array) => {
    try {
      await decodeFrame(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(DicomError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('expected a failure');
  };

  it('reports an implicit VR file whose last element runs past the end as truncated pixel data', async () => {
    const bytes = file([], { syntax: syntaxes.implicitLE });
    expect(await fail(bytes.subarray(0, bytes.length - 31))).toMatch(/truncated pixel data/);
  });

  it('reports a file cut inside its header as truncated', async () => {
    const bytes = file([], { syntax: syntaxes.implicitLE });
    expect(await fail(bytes.subarray(0, 340))).toMatch(/truncated/);
    expect(await fail(bytes.subarray(0, 160))).toMatch(/truncated/);
  });

  it('refuses a pixel data fragment of undefined length (0xFFFFFFFF) by name', async () => {
    const rle = writeDicom({
      transferSyntaxUID: syntaxes.rle,
      elements: image.elements,
      pixelData: { kind: 'encapsulated', frames: [new Uint8Array(80)] },
    });
    const view = new DataView(rle.buffer);
    // Fragment item (8 + 80 bytes) and sequence delimiter (8): its length field is 92 bytes from the end.
    view.setUint32(rle.length - 92, 0xffffffff, true);
    expect(await fail(rle)).toMatch(/fragment 1 has undefined length/);
  });

  it('refuses sequences nested deeper than any real file', async () => {
    let nested: ElementSpec[] = [{ tag: 0x00081150, vr: 'UI', value: '1.2.3' }];
    for (let i = 0; i < 40; i++) nested = [{ tag: 0x00081140, vr: 'SQ', value: [nested] }];
    expect(await fail(file(nested))).toMatch(/nested more than 32 deep/);
  });
});
