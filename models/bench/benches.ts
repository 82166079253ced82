/**
 * Every `npm run bench -- <name>` benchmark, registered here. Each entry loads
 * its module lazily so one benchmark's dependencies do not slow another.
 * A benchmark prints what it measured side by side with its reference and the
 * ratio between them, and returns nothing.
 */
export interface Benchmark {
  summary: string;
  run(args: string[]): Promise<void>;
}

export const benches: Record<string, Benchmark> = {};

benches.merge = {
  summary:
    'TIES merge of 4 synthetic rank-16 experts shaped like a 7B layer: GB/s of ΔW vs memcpy, peak RSS',
  async run(args) {
    const { runMergeBench } = await import('./mergeBench');
    await runMergeBench(args);
  },
};

benches.eval = {
  summary:
    'mmx eval harness cost per question on the scripted fixture vs bare Predictor.predict on the same worker',
  async run(args) {
    const { runEvalBench } = await import('./evalBench');
    await runEvalBench(args);
  },
};

benches.dicom = {
  summary:
    'DICOM decode + render per frame (native, RLE, JPEG lossless) vs dcmtk dcmj2pnm on the same multi-frame files',
  async run(args) {
    const { runDicomBench } = await import('./dicomBench');
    await runDicomBench(args);
  },
};

benches.citations = {
  summary:
    'citation linking time per reasoning step with 2,000 passages loaded vs a naive linear-scan BM25 scorer',
  async run(args) {
    const { runCitationsBench } = await import('./citationsBench');
    await runCitationsBench(args);
  },
};

benches.runtime = {
  summary:
    'per-token latency of the inference worker vs a bare onnxruntime greedy loop (8 layers, hidden 512), load, TTFT, RSS; --size 2b|7b [--dtype fp32|fp16|q4|q8]: the real Qwen2-VL shape, with the bandwidth ratio',
  async run(args) {
    const { runRuntimeBench } = await import('./runtimeBench');
    await runRuntimeBench(args);
  },
};

benches.vision = {
  summary:
    'vision-encoder time per image size (224² to 1024², tokens from smart_resize) vs linear scaling from the smallest (--model DIR, --rounds R)',
  async run(args) {
    const { runVisionBench } = await import('./visionBench');
    await runVisionBench(args);
  },
};

benches.perspectives = {
  summary:
    '"All four + consensus" with the shared prefill vs one perspective: time until every perspective has its first token (≤ 1.5×) and total (≤ 4.2×), unshared 4× beside',
  async run(args) {
    const { runPerspectivesBench } = await import('./perspectivesBench');
    await runPerspectivesBench(args);
  },
};

benches['citation-quality'] = {
  summary:
    'citation precision, recall, false citations and passage accuracy on the hand-written tune half and two held-out halves vs the targets (--split, --json, --misses)',
  async run(args) {
    const { runCitationQualityBench } = await import('./citationQualityBench');
    await runCitationQualityBench(args);
  },
};

benches.start = {
  summary:
    'npm start (web mode) to its printed URL: a warm start (build up to date) vs a cold one that builds the renderer',
  async run(args) {
    const { runStartBench } = await import('./startBench');
    await runStartBench(args);
  },
};

benches['citation-judge'] = {
  summary:
    'citation judge fitted on the training halves: 5-fold cross-validated precision / recall / false citations per threshold vs the support-threshold linker; --write saves it',
  async run(args) {
    const { runCitationJudgeBench } = await import('./citationJudgeBench');
    await runCitationJudgeBench(args);
  },
};
