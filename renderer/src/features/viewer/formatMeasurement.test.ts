import { describe, expect, it } from 'vitest';
import { formatMeasurement, primaryValue, readToolMeasurement } from './formatMeasurement';

describe('formatMeasurement', () => {
  it('reads a length in mm when pixel spacing is known, else in pixels', () => {
    const mm = readToolMeasurement('Length', { length: 12.3456 }, { hasPixelSpacing: true });
    expect(mm).toEqual({ tool: 'Length', length: 12.3456, unit: 'mm' });
    expect(formatMeasurement(mm!)).toBe('Length 12.35 mm');
    const px = readToolMeasurement('Length', { length: 40 }, { hasPixelSpacing: false });
    expect(formatMeasurement(px!)).toBe('Length 40.00 px');
    expect(primaryValue(px!)).toBe(40);
  });

  it('gives ROI mean and SD in HU for CT and the area in mm²', () => {
    const roi = readToolMeasurement(
      'EllipticalRoi',
      { cachedStats: { mean: 41.26, stdDev: 3.04, area: 78.54 } },
      { hasPixelSpacing: true, modality: 'CT' },
    );
    expect(formatMeasurement(roi!)).toBe('Ellipse mean 41.3 HU, SD 3.0 HU, area 78.5 mm²');
    const mr = readToolMeasurement(
      'RectangleRoi',
      { cachedStats: { mean: 200, stdDev: 10, area: 64 } },
      { hasPixelSpacing: false, modality: 'MR' },
    );
    expect(formatMeasurement(mr!)).toBe('Rectangle mean 200.0, SD 10.0, area 64 px²');
  });

  it('reads angles and ignores tools without values yet', () => {
    expect(
      formatMeasurement(
        readToolMeasurement('Angle', { rAngle: 89.96 }, { hasPixelSpacing: true })!,
      ),
    ).toBe('Angle 90.0°');
    expect(readToolMeasurement('Length', {}, { hasPixelSpacing: true })).toBeUndefined();
    expect(
      readToolMeasurement('RectangleRoi', { cachedStats: {} }, { hasPixelSpacing: true }),
    ).toBeUndefined();
    expect(readToolMeasurement('Probe', { length: 3 }, { hasPixelSpacing: true })).toBeUndefined();
  });
});
