import type { NewCaseRun } from '../CaseStore';

/** A run as `mmx ask` would save it, with the question and answer given. */
export function sampleRun(
  question: string,
  answer: string,
  extra: Partial<NewCaseRun> = {},
): NewCaseRun {
  return {
    question,
    options: { A: 'solid nodule', B: 'ground-glass nodule' },
    perspective: 'analytical',
    specialty: 'adult-medicine',
    routing: null,
    model: { kind: 'local', name: 'Demo — not a medical model', sha256: 'ab'.repeat(32) },
    packVersions: [{ id: 'radiology-reporting', version: '2026.12' }],
    steps: [
      {
        perspective: 'analytical',
        index: 1,
        label: '1',
        text: 'A 7 mm solid nodule in the right upper lobe.',
        citations: [
          {
            guideline: 'fleischner-2017',
            passage: 'solid-6-8mm',
            excerpt: 'Solid nodules of 6-8 mm: CT at 6-12 months.',
            score: 0.8,
            source: 'linker',
          },
        ],
        noGuidelineSupport: false,
        unknownCitations: [],
        unsupportedCitations: [],
      },
    ],
    answer: { letter: 'A', text: answer, source: 'tag' },
    answerText: answer,
    usage: { promptTokens: 120, completionTokens: 40 },
    timings: { loadMs: 10, timeToFirstTokenMs: 5, tokensPerSecond: 100, totalMs: 400 },
    ...extra,
  };
}
