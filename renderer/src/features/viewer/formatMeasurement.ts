/** One measurement as the viewer lists it; values in mm / mm² when Pixel Spacing is known, else in pixels. */
export type Measurement =
  | { tool: 'Length'; length: number; unit: 'mm' | 'px' }
  | { tool: 'Angle'; degrees: number }
  | {
      tool: 'RectangleRoi' | 'EllipticalRoi';
      mean: number;
      stdDev: number;
      area: number;
      unit: 'mm' | 'px';
      /** Unit of the mean: HU for CT, else none. */
      valueUnit: string;
    };

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : '—';

/** The number a test or a user reads first: length, angle, or ROI mean. */
export function primaryValue(m: Measurement): number {
  if (m.tool === 'Length') return m.length;
  if (m.tool === 'Angle') return m.degrees;
  return m.mean;
}

export function formatMeasurement(m: Measurement): string {
  if (m.tool === 'Length') return `Length ${fixed(m.length, 2)} ${m.unit}`;
  if (m.tool === 'Angle') return `Angle ${fixed(m.degrees, 1)}°`;
  const name = m.tool === 'RectangleRoi' ? 'Rectangle' : 'Ellipse';
  const unit = m.valueUnit ? ` ${m.valueUnit}` : '';
  const area = m.unit === 'mm' ? `${fixed(m.area, 1)} mm²` : `${fixed(m.area, 0)} px²`;
  return `${name} mean ${fixed(m.mean, 1)}${unit}, SD ${fixed(m.stdDev, 1)}${unit}, area ${area}`;
}

/** Reads a cornerstone-tools measurement's data into a Measurement, or undefined while it has no values yet. */
export function readToolMeasurement(
  toolName: string,
  data: Record<string, unknown>,
  { hasPixelSpacing, modality }: { hasPixelSpacing: boolean; modality?: string },
): Measurement | undefined {
  const unit = hasPixelSpacing ? 'mm' : 'px';
  if (toolName === 'Length' && typeof data.length === 'number')
    return { tool: 'Length', length: data.length, unit };
  if (toolName === 'Angle' && typeof data.rAngle === 'number')
    return { tool: 'Angle', degrees: data.rAngle };
  if ((toolName === 'RectangleRoi' || toolName === 'EllipticalRoi') && data.cachedStats) {
    const stats = data.cachedStats as { mean?: number; stdDev?: number; area?: number };
    if (typeof stats.mean !== 'number') return undefined;
    return {
      tool: toolName,
      mean: stats.mean,
      stdDev: stats.stdDev ?? NaN,
      area: stats.area ?? NaN,
      unit,
      valueUnit: modality?.toUpperCase() === 'CT' ? 'HU' : '',
    };
  }
  return undefined;
}

/**
 * The value as a label on the image ("12.34 mm", "45.0°", "mean 40.1 HU"):
 * short, so it fits beside the measurement, in the characters pixelFont draws.
 */
export function shortMeasurement(m: Measurement): string {
  if (m.tool === 'Length') return `${fixed(m.length, m.unit === 'mm' ? 1 : 0)} ${m.unit}`;
  if (m.tool === 'Angle') return `${fixed(m.degrees, 1)}°`;
  return `mean ${fixed(m.mean, 1)}${m.valueUnit ? ` ${m.valueUnit}` : ''}`;
}
