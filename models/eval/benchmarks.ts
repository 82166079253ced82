import type { BenchItem, LoadedBenchmark } from './benchItem';
import { loadMedXpertQA, medXpertQACategories } from './medXpertQA';
import { loadOmniMedVQA, omniMedVQACategories } from './omniMedVQA';
import type { Perspective } from '../../electron/common/schemas/reasoning';
import { medXpertQAPrompt, omniMedVQAPrompt, type BenchPrompt } from './prompts';

export const benchmarkNames = ['medxpertqa-mm', 'omnimedvqa'] as const;
export type BenchmarkName = (typeof benchmarkNames)[number];

export interface BenchmarkDef {
  name: BenchmarkName;
  title: string;
  /** Reads --data (file or folder) with images resolved against --images. */
  load(dataPath: string, imagesDir: string): LoadedBenchmark;
  prompt(item: BenchItem, perspective?: Perspective): BenchPrompt;
  /** Fields the report breaks accuracy down by. */
  categories: readonly string[];
}

/** The benchmarks `mmx eval --benchmark` knows. */
export const benchmarks: Record<BenchmarkName, BenchmarkDef> = {
  'medxpertqa-mm': {
    name: 'medxpertqa-mm',
    title: 'MedXpertQA-MM',
    load: loadMedXpertQA,
    prompt: medXpertQAPrompt,
    categories: medXpertQACategories,
  },
  omnimedvqa: {
    name: 'omnimedvqa',
    title: 'OmniMedVQA',
    load: loadOmniMedVQA,
    prompt: omniMedVQAPrompt,
    categories: omniMedVQACategories,
  },
};

export function isBenchmarkName(value: string): value is BenchmarkName {
  return (benchmarkNames as readonly string[]).includes(value);
}
