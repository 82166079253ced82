import type { Sample } from './sampleSchema';

export interface DatasetStats {
  samples: number;
  withReasoning: number;
  withOptions: number;
  images: number;
  /** Samples per specialty. */
  specialties: Record<string, number>;
  /** Reasoning steps per perspective. */
  perspectives: Record<string, number>;
  /** Images per modality ("unknown" when not given). */
  modalities: Record<string, number>;
  sources: Record<string, number>;
  /** Guideline citations over all steps. */
  guidelineRefs: number;
}

const bump = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

export function datasetStats(samples: readonly Sample[]): DatasetStats {
  const stats: DatasetStats = {
    samples: samples.length,
    withReasoning: 0,
    withOptions: 0,
    images: 0,
    specialties: {},
    perspectives: {},
    modalities: {},
    sources: {},
    guidelineRefs: 0,
  };
  for (const s of samples) {
    bump(stats.specialties, s.specialty);
    bump(stats.sources, s.source);
    if (s.reasoning.length > 0) stats.withReasoning++;
    if (s.options) stats.withOptions++;
    for (const image of s.images) {
      stats.images++;
      bump(stats.modalities, image.modality ?? 'unknown');
    }
    for (const step of s.reasoning) {
      bump(stats.perspectives, step.perspective);
      stats.guidelineRefs += step.guideline_refs.length;
    }
  }
  return stats;
}

/** Plain-text table of the stats. */
export function formatDatasetStats(stats: DatasetStats): string {
  const section = (title: string, map: Record<string, number>, unit: string) => [
    `${title}:`,
    ...Object.entries(map)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `  ${k.padEnd(24)} ${String(v).padStart(7)} ${unit}`),
  ];
  return [
    `${stats.samples} samples (${stats.withReasoning} with reasoning, ${stats.withOptions} multiple choice), ${stats.images} images, ${stats.guidelineRefs} guideline citations`,
    ...section('specialty', stats.specialties, 'samples'),
    ...section('perspective', stats.perspectives, 'steps'),
    ...section('modality', stats.modalities, 'images'),
    ...section('source', stats.sources, 'samples'),
  ].join('\n');
}
