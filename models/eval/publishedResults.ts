import type { BenchmarkName } from './benchmarks';

export interface PublishedResult {
  model: string;
  /** Accuracy in percent, per benchmark. */
  scores: Record<BenchmarkName, number>;
  source: string;
}

// All five rows as reported in the MMedExpert-R1 paper's comparison table;
// the baselines are the paper's numbers for them, which may differ from
// each baseline's own paper (other prompts, other answer extraction).
const PAPER = 'MMedExpert-R1 paper, arXiv 2601.10949 (as reported there)';

/** Published accuracies this harness prints beside a run (MedXpertQA-MM / OmniMedVQA). */
export const publishedResults: readonly PublishedResult[] = [
  {
    model: 'MMedExpert-R1-7B',
    scores: { 'medxpertqa-mm': 27.5, omnimedvqa: 83.03 },
    source: PAPER,
  },
  { model: 'Lingshu-7B', scores: { 'medxpertqa-mm': 26.7, omnimedvqa: 82.9 }, source: PAPER },
  { model: 'MedGemma-4B', scores: { 'medxpertqa-mm': 22.3, omnimedvqa: 69.8 }, source: PAPER },
  {
    model: 'HuatuoGPT-Vision-7B',
    scores: { 'medxpertqa-mm': 21.6, omnimedvqa: 74.2 },
    source: PAPER,
  },
  { model: 'MedVLM-R1-2B', scores: { 'medxpertqa-mm': 20.4, omnimedvqa: 77.7 }, source: PAPER },
];
