import { Decoder } from 'jpeg-lossless-decoder-js';
import { describe, expect, it } from 'vitest';
import { encodeJpegLossless } from '../testing/encodeJpegLossless';
import { seededRandom } from '../../random/seededRandom';
import { decodeProcess14 } from './decodeProcess14';

/** Smooth ramps with noise and a few full-range jumps, so predictions wrap modulo 2^16 too. */
function makeSamples(count: number, max: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) =>
    i % 37 === 5
      ? (i % 2) * max
      : Math.min(max, Math.floor(((i * 13) % 97) * (max / 97) + random() * max * 0.05)),
  );
}

function libraryDecode(encoded: Uint8Array, bytesPerSample: 1 | 2): number[] {
  return Array.from(
    new Decoder().decode(encoded.slice().buffer, 0, encoded.length, bytesPerSample),
  );
}

describe('decodeProcess14', () => {
  for (let predictor = 1; predictor <= 7; predictor++) {
    it(`decodes predictor ${predictor} on 16-bit and 12-bit grey data exactly`, () => {
      for (const precision of [16, 12]) {
        const [width, height] = [23, 17];
        const samples = makeSamples(
          width * height,
          2 ** precision - 1,
          predictor * 100 + precision,
        );
        const encoded = encodeJpegLossless(samples, { width, height, precision, predictor });
        const decoded = decodeProcess14(encoded, 2);
        expect(decoded).toBeDefined();
        expect(decoded!.samples).toBeInstanceOf(Uint16Array);
        expect([decoded!.width, decoded!.height, decoded!.components]).toEqual([width, height, 1]);
        expect(Array.from(decoded!.samples)).toEqual(samples);
      }
    });
  }

  it('decodes 8-bit RGB with each predictor exactly', () => {
    const [width, height] = [19, 11];
    for (let predictor = 1; predictor <= 7; predictor++) {
      const samples = makeSamples(width * height * 3, 255, predictor);
      const encoded = encodeJpegLossless(samples, {
        width,
        height,
        precision: 8,
        components: 3,
        predictor,
      });
      const decoded = decodeProcess14(encoded, 1);
      expect(decoded?.samples).toBeInstanceOf(Uint8Array);
      expect(Array.from(decoded!.samples)).toEqual(samples);
    }
  });

  it('gives the same samples as jpeg-lossless-decoder-js where that decoder is exact', () => {
    // The library misreads predictor 7 (it keeps the half of (Ra + Rb) / 2) and colour restarts,
    // so compare on predictors 1-6 of grey data.
    const [width, height] = [31, 9];
    for (let predictor = 1; predictor <= 6; predictor++) {
      const samples = makeSamples(width * height, 4095, predictor + 50);
      const encoded = encodeJpegLossless(samples, { width, height, precision: 12, predictor });
      expect(Array.from(decodeProcess14(encoded, 2)!.samples)).toEqual(libraryDecode(encoded, 2));
    }
  });

  it('restarts the prediction at each RSTn marker of predictor 1 data', () => {
    const [width, height] = [16, 12];
    const samples = makeSamples(width * height, 65535, 9);
    const encoded = encodeJpegLossless(samples, {
      width,
      height,
      precision: 16,
      restartInterval: width * 2,
    });
    expect(
      encoded.filter((b, i) => b === 0xff && encoded[i + 1]! >= 0xd0 && encoded[i + 1]! <= 0xd7)
        .length,
    ).toBe(5);
    expect(Array.from(decodeProcess14(encoded, 2)!.samples)).toEqual(samples);
  });

  it('declines layouts it does not handle so the general decoder takes them', () => {
    const [width, height] = [8, 6];
    const samples = makeSamples(width * height, 4095, 3);
    const base = { width, height, precision: 12 };
    // Restart intervals with another predictor, and ones that are not whole rows.
    expect(
      decodeProcess14(
        encodeJpegLossless(samples, { ...base, predictor: 2, restartInterval: width }),
        2,
      ),
    ).toBeUndefined();
    expect(
      decodeProcess14(encodeJpegLossless(samples, { ...base, restartInterval: 5 }), 2),
    ).toBeUndefined();
    // Colour with 16-bit output, and a non-JPEG buffer.
    const rgb = encodeJpegLossless(makeSamples(width * height * 3, 255, 4), {
      ...base,
      precision: 8,
      components: 3,
    });
    expect(decodeProcess14(rgb, 2)).toBeUndefined();
    expect(decodeProcess14(Uint8Array.from([1, 2, 3, 4, 5]), 2)).toBeUndefined();
  });

  it('declines a scan that ends before the last sample instead of inventing pixels', () => {
    const [width, height] = [20, 20];
    const samples = makeSamples(width * height, 4095, 5);
    const encoded = encodeJpegLossless(samples, { width, height, precision: 12 });
    expect(decodeProcess14(encoded, 2)).toBeDefined();
    // Cut the entropy-coded data in half and close it with EOI.
    const cut = Uint8Array.from([
      ...encoded.subarray(0, Math.floor(encoded.length / 2)),
      0xff,
      0xd9,
    ]);
    expect(decodeProcess14(cut, 2)).toBeUndefined();
  });
});
