/** A named VOI window in modality units (HU for CT). */
export interface WindowPreset {
  id: string;
  label: string;
  center: number;
  width: number;
  /** Keyboard digit that applies it. */
  key: string;
}

/**
 * Common CT windows (centre/width in HU), as radiology teaching and most
 * viewers (OHIF, Horos) ship them.
 */
export const CT_PRESETS: readonly WindowPreset[] = [
  { id: 'lung', label: 'Lung', center: -600, width: 1500, key: '1' },
  { id: 'mediastinum', label: 'Mediastinum', center: 50, width: 350, key: '2' },
  { id: 'abdomen', label: 'Abdomen', center: 40, width: 400, key: '3' },
  { id: 'liver', label: 'Liver', center: 30, width: 150, key: '4' },
  { id: 'bone', label: 'Bone', center: 400, width: 1800, key: '5' },
  { id: 'brain', label: 'Brain', center: 40, width: 80, key: '6' },
];

/** CT gets the HU presets; other modalities (MR, CR, DX…) have no fixed scale, so only Default and Auto. */
export function presetsFor(modality: string | undefined): readonly WindowPreset[] {
  return modality?.toUpperCase() === 'CT' ? CT_PRESETS : [];
}

/**
 * "Auto" window: the 1st–99th percentile of the modality values of the
 * frame, so a few outliers (metal, padding) do not flatten the contrast.
 */
export function autoWindow(
  pixels: ArrayLike<number>,
  slope = 1,
  intercept = 0,
): { center: number; width: number } {
  if (pixels.length === 0) return { center: 0, width: 1 };
  const sorted = Float64Array.from(pixels as ArrayLike<number>).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const a = at(0.01) * slope + intercept;
  const b = at(0.99) * slope + intercept;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
}
