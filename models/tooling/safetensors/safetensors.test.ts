import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafetensorsWriter } from './createSafetensorsWriter';
import {
  decodeFloats,
  encodeFloats,
  f16BitsToNumber,
  numberToBf16Bits,
  numberToF16Bits,
} from './dtypes';
import { openSafetensors } from './openSafetensors';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mmx-st-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A file written by hand, byte by byte, as the format spec describes it. */
function handMade(header: unknown, data: Uint8Array, lengthOverride?: bigint): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('half-precision conversions', () => {
  it('encodes well-known binary16 values bit-exactly', () => {
    expect(numberToF16Bits(1)).toBe(0x3c00);
    expect(numberToF16Bits(-2)).toBe(0xc000);
    expect(numberToF16Bits(65504)).toBe(0x7bff);
    expect(numberToF16Bits(65520)).toBe(0x7c00); // halfway to the next binade rounds to Inf
    expect(numberToF16Bits(2 ** -24)).toBe(0x0001);
    expect(numberToF16Bits(2 ** -26)).toBe(0x0000);
    expect(numberToF16Bits(0.1)).toBe(0x2e66);
    expect(numberToF16Bits(NaN) & 0x7e00).toBe(0x7e00);
  });

  it('rounds binary16 halfway cases to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: the even mantissa (1) wins.
    expect(numberToF16Bits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 lies halfway between 1 + 2^-10 and 1 + 2^-9: 0x3c02 is even.
    expect(numberToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(numberToF16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('round-trips every finite binary16 value', () => {
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      expect(numberToF16Bits(f16BitsToNumber(h))).toBe(h);
    }
  });

  it('encodes bfloat16 by rounding the upper half to nearest even', () => {
    expect(numberToBf16Bits(1)).toBe(0x3f80);
    expect(numberToBf16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(numberToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(numberToBf16Bits(-3.140625)).toBe(0xc049);
    const back = decodeFloats(
      'BF16',
      encodeFloats('BF16', new Float32Array([1 + 3 * 2 ** -8, -0.5])),
    );
    expect([...back]).toEqual([1 + 2 ** -6, -0.5]);
  });
});

describe('safetensors reader and writer', () => {
  it('round-trips tensors of every dtype through a streamed, out-of-order write', async () => {
    const path = join(dir, 'all.safetensors');
    const floats = new Float32Array([0, -1.5, 3.25, 65504, 2 ** -24, -0.099975586]);
    const w = await createSafetensorsWriter(
      path,
      [
        { name: 'f32', dtype: 'F32', shape: [2, 3] },
        { name: 'f16', dtype: 'F16', shape: [6] },
        { name: 'bf16', dtype: 'BF16', shape: [3, 2] },
        { name: 'i64', dtype: 'I64', shape: [2] },
        { name: 'i32', dtype: 'I32', shape: [3] },
      ],
      { format: 'pt' },
    );
    await w.write('i32', new Int32Array([-7, 0, 2147483647]));
    await w.write('f32', floats.subarray(3), 3);
    await w.write('f32', floats.subarray(0, 3), 0);
    await w.write('f16', floats);
    await w.write('bf16', new Float32Array([1, -2, 0.5, 256, -1024, 3]));
    await w.write('i64', new BigInt64Array([-(2n ** 62n), 42n]));
    await w.close();

    const bytes = await readFile(path);
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);

    const r = await openSafetensors(path);
    expect(r.metadata).toEqual({ format: 'pt' });
    expect([...(await r.readFloat32('f32'))]).toEqual([...floats]);
    const f16 = await r.readFloat32('f16');
    expect([...f16.subarray(0, 5)]).toEqual([0, -1.5, 3.25, 65504, 2 ** -24]);
    expect(f16[5]).toBe(f16BitsToNumber(numberToF16Bits(-0.099975586)));
    const bf16 = await r.readTensor('bf16');
    expect(bf16.shape).toEqual([3, 2]);
    expect([...(bf16.data as Float32Array)]).toEqual([1, -2, 0.5, 256, -1024, 3]);
    expect([...((await r.readTensor('i64')).data as BigInt64Array)]).toEqual([-(2n ** 62n), 42n]);
    expect([...((await r.readTensor('i32')).data as Int32Array)]).toEqual([-7, 0, 2147483647]);
    expect([...new Float32Array((await r.readBytes('f32', 2, 4)).buffer)]).toEqual([3.25, 65504]);
    await expect(r.readFloat32('i32')).rejects.toThrow(/I32, not a float/);
    await expect(r.readFloat32('nope')).rejects.toThrow(/no tensor 'nope'/);
    await r.close();
  });

  it('reads a file written by hand to the format spec', async () => {
    const path = join(dir, 'hand.safetensors');
    const data = new Uint8Array(new Float32Array([1, 2]).buffer);
    await writeFile(
      path,
      handMade({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data),
    );
    const r = await openSafetensors(path);
    expect([...(await r.readFloat32('x'))]).toEqual([1, 2]);
    await r.close();
  });

  it('refuses to close before every tensor is written', async () => {
    const w = await createSafetensorsWriter(join(dir, 'partial.safetensors'), [
      { name: 'a', dtype: 'F32', shape: [4] },
    ]);
    await w.write('a', new Float32Array(2));
    await expect(w.close()).rejects.toThrow(/got 2 of 4 elements/);
  });

  const bad: [string, () => Uint8Array, RegExp][] = [
    ['a file shorter than the length field', () => new Uint8Array(5), /too short/],
    [
      'a header larger than 100 MB',
      () => handMade({}, new Uint8Array(0), 200_000_000n),
      /exceeds the 100000000-byte limit/,
    ],
    [
      'a header length past the end of the file',
      () => handMade({}, new Uint8Array(0), 500n),
      /runs past the end/,
    ],
    [
      'a header that is not JSON',
      () => {
        const f = handMade({ x: 1 }, new Uint8Array(0));
        f[8] = 0x7a; // 'z'
        return f;
      },
      /not valid JSON/,
    ],
    ['a header that is a JSON array', () => handMade([1], new Uint8Array(0)), /not a JSON object/],
    [
      'an unknown dtype',
      () =>
        handMade({ x: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)),
      /unsupported dtype F8_E4M3/,
    ],
    [
      'offsets out of range',
      () => handMade({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)),
      /run past the end/,
    ],
    [
      'a size that does not match the shape',
      () => handMade({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /needs 12/,
    ],
    [
      'overlapping tensors',
      () =>
        handMade(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          new Uint8Array(12),
        ),
      /overlaps/,
    ],
    [
      'a gap between tensors',
      () =>
        handMade(
          {
            a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
            b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
          },
          new Uint8Array(12),
        ),
      /gap/,
    ],
    [
      'trailing bytes after the last tensor',
      () => handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)),
      /trailing/,
    ],
  ];
  for (const [what, make, message] of bad) {
    it(`rejects ${what} with a clear message`, async () => {
      const path = join(dir, 'bad.safetensors');
      await writeFile(path, make());
      await expect(openSafetensors(path)).rejects.toThrow(message);
    });
  }

  it('rejects a truncated file', async () => {
    const path = join(dir, 'cut.safetensors');
    const w = await createSafetensorsWriter(path, [{ name: 'a', dtype: 'F32', shape: [16] }]);
    await w.write('a', new Float32Array(16).fill(1));
    await w.close();
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(path));
    await truncate(path, size - 5);
    await expect(openSafetensors(path)).rejects.toThrow(/truncated/);
  });
});
