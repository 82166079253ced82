import { seededRandom } from '../../random/seededRandom';
import type { ElementSpec } from './writeDicom';

export interface TestImageSpec {
  rows: number;
  columns: number;
  frames?: number;
  bitsAllocated?: 8 | 16 | 32;
  bitsStored?: number;
  highBit?: number;
  signed?: boolean;
  samplesPerPixel?: 1 | 3;
  photometric?: string;
  planarConfiguration?: 0 | 1;
  /** Stored values, pixel-interleaved, all frames; default: a smooth ramp with noise. */
  values?: number[];
  window?: { center: number; width: number } | { center: number[]; width: number[] };
  rescale?: { slope: number; intercept: number };
  modality?: string;
  sopClassUID?: string;
  extra?: ElementSpec[];
}

/** A ramp plus noise over [min, max], so codecs and windows see every part of the range. */
export function rampValues(
  count: number,
  samplesPerPixel: number,
  columns: number,
  min: number,
  max: number,
  seed = 1,
): number[] {
  const random = seededRandom(seed);
  const span = max - min;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const pixel = Math.floor(i / samplesPerPixel);
    const x = pixel % columns;
    const y = Math.floor(pixel / columns);
    const base = ((x * 7 + y * 3 + (i % samplesPerPixel) * 40) % 97) / 96;
    const v = min + Math.round(base * span * 0.9 + random() * span * 0.1);
    out.push(Math.min(max, Math.max(min, v)));
  }
  return out;
}

/**
 * Elements and native little-endian pixel bytes of a synthetic image. The
 * stored values are placed at High Bit as PS3.5 8.1.1 says; bits above
 * High Bit are filled with noise to prove that the decoder masks them.
 */
export function makeTestImage(spec: TestImageSpec): {
  elements: ElementSpec[];
  bytes: Uint8Array;
  values: number[];
  vr: 'OB' | 'OW';
} {
  const frames = spec.frames ?? 1;
  const ba = spec.bitsAllocated ?? 16;
  const bs = spec.bitsStored ?? ba;
  const hb = spec.highBit ?? bs - 1;
  const spp = spec.samplesPerPixel ?? 1;
  const signed = spec.signed ?? false;
  const count = spec.rows * spec.columns * spp * frames;
  const min = signed ? -(2 ** (bs - 1)) : 0;
  const max = signed ? 2 ** (bs - 1) - 1 : 2 ** bs - 1;
  const values = spec.values ?? rampValues(count, spp, spec.columns, min, max);
  const cellBytes = ba / 8;
  const bytes = new Uint8Array(count * cellBytes + ((count * cellBytes) % 2));
  const view = new DataView(bytes.buffer);
  const random = seededRandom(7);
  const shift = hb + 1 - bs;
  for (let i = 0; i < count; i++) {
    const p = Math.floor(i / spp);
    const s = i % spp;
    const frameSize = spec.rows * spec.columns;
    // planar configuration 1: all of R per frame, then G, then B
    const index =
      spec.planarConfiguration === 1 && spp === 3
        ? Math.floor(p / frameSize) * frameSize * 3 + s * frameSize + (p % frameSize)
        : i;
    const stored = (values[i]! + 2 ** bs) % 2 ** bs;
    const junk = hb + 1 < ba ? Math.floor(random() * 2 ** (ba - hb - 1)) * 2 ** (hb + 1) : 0;
    const cell = stored * 2 ** shift + junk;
    if (ba === 8) view.setUint8(index, cell);
    else if (ba === 16) view.setUint16(index * 2, cell, true);
    else view.setUint32(index * 4, cell, true);
  }
  const elements: ElementSpec[] = [
    { tag: 0x00080016, vr: 'UI', value: spec.sopClassUID ?? '1.2.840.10008.5.1.4.1.1.7' },
    { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.2' },
    { tag: 0x00080060, vr: 'CS', value: spec.modality ?? 'OT' },
    { tag: 0x00081030, vr: 'LO', value: 'Synthetic test study' },
    { tag: 0x00100010, vr: 'PN', value: 'Test^Patient' },
    { tag: 0x00100020, vr: 'LO', value: 'PID-0001' },
    { tag: 0x00100030, vr: 'DA', value: '19700101' },
    { tag: 0x00180015, vr: 'CS', value: 'CHEST' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.3' },
    { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.4' },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    { tag: 0x00280002, vr: 'US', value: spp },
    { tag: 0x00280004, vr: 'CS', value: spec.photometric ?? (spp === 3 ? 'RGB' : 'MONOCHROME2') },
    { tag: 0x00280010, vr: 'US', value: spec.rows },
    { tag: 0x00280011, vr: 'US', value: spec.columns },
    { tag: 0x00280030, vr: 'DS', value: '0.5\\0.5' },
    { tag: 0x00280100, vr: 'US', value: ba },
    { tag: 0x00280101, vr: 'US', value: bs },
    { tag: 0x00280102, vr: 'US', value: hb },
    { tag: 0x00280103, vr: 'US', value: signed ? 1 : 0 },
  ];
  if (spp === 3) elements.push({ tag: 0x00280006, vr: 'US', value: spec.planarConfiguration ?? 0 });
  if (frames > 1) elements.push({ tag: 0x00280008, vr: 'IS', value: String(frames) });
  if (spec.window) {
    const center =
      'center' in spec.window && Array.isArray(spec.window.center)
        ? spec.window.center
        : [spec.window.center as number];
    const width = Array.isArray(spec.window.width) ? spec.window.width : [spec.window.width];
    elements.push(
      { tag: 0x00281050, vr: 'DS', value: center },
      { tag: 0x00281051, vr: 'DS', value: width },
    );
  }
  if (spec.rescale) {
    elements.push(
      { tag: 0x00281052, vr: 'DS', value: String(spec.rescale.intercept) },
      { tag: 0x00281053, vr: 'DS', value: String(spec.rescale.slope) },
    );
  }
  elements.push(...(spec.extra ?? []));
  return { elements, bytes, values, vr: ba === 8 ? 'OB' : 'OW' };
}
