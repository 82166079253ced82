import { mkdtemp, rm } from 'node:fs/promises';
import { serialize } from 'node:v8';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { ModelRuntime } from '../runtime/ModelRuntime';
import { renderChat, requestMessages, tokenizePrompt } from '../runtime/internal/buildPrompt';
import { argmaxLastRow } from '../runtime/internal/greedyDecode';
import { loadModel, releaseModel, type LoadedModel } from '../runtime/internal/loadModel';
import { ort, type OrtTensor } from '../runtime/internal/ml';
import { prepareImages, type PreparedImages } from '../runtime/internal/prepareImages';
import { ropePositions } from '../runtime/internal/ropePositions';
import {
  generateRequestSchema,
  type GenerateEvent,
  type GenerateRequest,
  type WorkerMessage,
} from '../runtime/protocol';
import { runWorker } from '../runtime/worker/runWorker';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : NaN;
};

/**
 * The reference: the plainest greedy loop over the same three sessions, in
 * this process. Written out here rather than reused so each step can be
 * timed: stepMs are the gaps between the moments consecutive tokens are
 * ready (after argmax), as the runtime's token events measure them.
 */
export async function bareLoop(
  model: LoadedModel,
  ids: number[],
  images: PreparedImages | undefined,
  steps: number,
) {
  const { sessions, config, kvInputs } = model;
  const int64 = (v: BigInt64Array, dims: number[]) => new ort.Tensor('int64', v, dims);
  const embeds = (
    await sessions.embed_tokens.run({
      input_ids: int64(BigInt64Array.from(ids, BigInt), [1, ids.length]),
    })
  ).inputs_embeds as OrtTensor;
  if (images && images.grids.length > 0) {
    const patches = images.pixelValues.length / images.patchDim;
    const features = (
      await sessions.vision_encoder.run({
        pixel_values: new ort.Tensor('float32', images.pixelValues, [patches, images.patchDim]),
        [model.gridInputName]: int64(BigInt64Array.from(images.grids.flat(), BigInt), [
          images.grids.length,
          3,
        ]),
      })
    ).image_features as OrtTensor;
    const hidden = config.hiddenSize;
    // Both are float16 (Uint16Array) in an fp16 folder, float32 otherwise.
    const target = embeds.data as Float32Array | Uint16Array;
    const source = features.data as Float32Array | Uint16Array;
    let row = 0;
    ids.forEach((id, i) => {
      if (id === config.imageTokenId)
        target.set(source.subarray(row * hidden, ++row * hidden), i * hidden);
    });
  }
  const { positions, delta } = ropePositions(ids, images?.grids ?? [], config);
  let past: Record<string, OrtTensor> = {};
  for (const kv of kvInputs)
    past[kv.name] = new ort.Tensor(
      kv.type,
      kv.type === 'float16' ? new Uint16Array(0) : new Float32Array(0),
      [1, kv.kvHeads, 0, kv.headDim],
    );
  let inputs = embeds;
  let pos = int64(positions, [3, 1, ids.length]);
  let total = ids.length;
  const tokens: number[] = [];
  const readyAt: number[] = [];
  for (let step = 0; step < steps; step++) {
    if (step > 0) {
      inputs = (
        await sessions.embed_tokens.run({
          input_ids: int64(BigInt64Array.of(BigInt(tokens.at(-1) as number)), [1, 1]),
        })
      ).inputs_embeds as OrtTensor;
    }
    const out = await sessions.decoder_model_merged.run({
      inputs_embeds: inputs,
      attention_mask: int64(new BigInt64Array(total).fill(1n), [1, total]),
      position_ids: pos,
      ...past,
    });
    tokens.push(argmaxLastRow(out.logits as OrtTensor));
    readyAt.push(performance.now());
    past = {};
    for (const kv of kvInputs) past[kv.name] = out[kv.present] as OrtTensor;
    const p = BigInt(total + delta);
    pos = int64(BigInt64Array.of(p, p, p), [3, 1, 1]);
    total++;
  }
  return { tokens, stepMs: gaps(readyAt) };
}

/** Differences between consecutive times. */
function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

/** Token-ready times on the worker's clock, from the token events' elapsedMs. */
function tokenTimes(events: GenerateEvent[]): number[] {
  return events.flatMap((e) => (e.type === 'token' ? [e.elapsedMs] : []));
}

/**
 * One runtime generation: the worker's own step times (from its token
 * events) and the mean gap between token events as the parent sees them
 * (events arrive in batches, so only the mean over the run means anything).
 */
async function runtimeRun(runtime: ModelRuntime, request: GenerateRequest) {
  const arrivals: number[] = [];
  const events: GenerateEvent[] = [];
  const result = await runtime.generate(request, {
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'token') arrivals.push(performance.now());
    },
  });
  const perTokenMs =
    ((arrivals.at(-1) as number) - (arrivals[0] as number)) / (arrivals.length - 1);
  return { result, perTokenMs, stepMs: gaps(tokenTimes(events)) };
}

/**
 * The worker's own code (runWorker: prompt, decode loop, text stream, event
 * posting) in this process, each message serialized as child_process's
 * 'advanced' IPC does; only the pipe write is left out. Returns the step
 * times from its token events.
 */
async function inProcessWorker(dir: string) {
  let deliver: (raw: unknown) => void = () => {};
  let waiting: ((m: WorkerMessage) => void) | undefined;
  let events: GenerateEvent[] = [];
  runWorker({
    post(message) {
      serialize(message);
      if (message.type === 'events') events.push(...message.events);
      else if (message.type !== 'progress') waiting?.(message);
    },
    onMessage(handler) {
      deliver = handler;
      return () => {};
    },
  });
  let id = 0;
  const call = (request: Record<string, unknown>) =>
    new Promise<WorkerMessage>((resolve) => {
      waiting = resolve;
      deliver({ ...request, id: ++id });
    });
  await call({ type: 'load', modelDir: dir });
  return async (request: GenerateRequest) => {
    events = [];
    await call({ type: 'generate', request });
    return gaps(tokenTimes(events));
  };
}

/**
 * `npm run bench -- runtime [-- --tokens N --rounds R]`: per-token latency of
 * the runtime (worker, IPC events) beside a bare onnxruntime loop on the same
 * random fixture (8 layers, hidden 512), same prompt and token count, after
 * a warm-up; plus load time, time to first token and peak RSS.
 */
export async function runRuntimeBench(args: string[]): Promise<void> {
  if (args.includes('--size')) {
    const { runSizedRuntimeBench } = await import('./sizedRuntimeBench');
    return runSizedRuntimeBench(args);
  }
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const maxNewTokens = flag('tokens', 64);
  const rounds = flag('rounds', 11);
  const root = await mkdtemp(path.join(tmpdir(), 'mmx-runtime-bench-'));
  const dir = path.join(root, 'model');
  const runtime = new ModelRuntime();
  try {
    await buildFixtureModel(dir, { kind: 'random', seed: 1, layers: 8, hidden: 512 });
    const width = 224;
    const data = new Uint8Array(width * width * 3).map(
      (_, i) => (i * 31 + ((i / 3) % width) * 5) % 256,
    );
    const request: GenerateRequest = {
      question: 'Describe the findings step by step.',
      images: [{ rgb: { width, height: width, data } }],
      maxNewTokens,
    };

    const startLoad = performance.now();
    const info = await runtime.load(dir);
    const loadWallMs = performance.now() - startLoad;

    // The reference runs in this process on its own sessions of the same files.
    const model = await loadModel(dir);
    const { text, images } = renderChat(
      model.tokenizer,
      requestMessages(generateRequestSchema.parse(request)),
    );
    const prepared = await prepareImages(images, model.imageProcessor);
    const ids = tokenizePrompt(
      model.tokenizer,
      text,
      prepared.grids,
      model.config.spatialMergeSize,
    );

    const warm = await runtimeRun(runtime, request); // warm-up, also fixes the token count
    const steps = warm.result.tokenIds.length;
    await bareLoop(model, ids, prepared, steps); // warm-up
    const inProcess = await inProcessWorker(dir);
    await inProcess(request); // warm-up
    // Per round: every step time of each side, and the runtime's mean gap as the parent sees it.
    const bareSteps: number[][] = [];
    const inProcessSteps: number[][] = [];
    const workerSteps: number[][] = [];
    const parentGaps: number[] = [];
    let same = true;
    let last = warm.result;
    for (let r = 0; r < rounds; r++) {
      // Alternate the order each round so neither side always runs right after the other.
      const order =
        r % 2 === 0 ? ['bare', 'inProcess', 'runtime'] : ['runtime', 'inProcess', 'bare'];
      for (const which of order) {
        if (which === 'bare') {
          const bare = await bareLoop(model, ids, prepared, steps);
          bareSteps.push(bare.stepMs);
          same &&= bare.tokens.join() === warm.result.tokenIds.join();
        } else if (which === 'inProcess') {
          inProcessSteps.push(await inProcess(request));
        } else {
          const run = await runtimeRun(runtime, request);
          workerSteps.push(run.stepMs);
          parentGaps.push(run.perTokenMs);
          same &&= run.result.tokenIds.join() === warm.result.tokenIds.join();
          last = run.result;
        }
      }
    }
    await releaseModel(model);

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const quantile = (xs: number[], q: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
    const pooled = (rows: number[][]) => rows.flat();
    const stepCell = (rows: number[][]) => {
      const xs = pooled(rows);
      return `${median(xs).toFixed(3)} [${quantile(xs, 0.25).toFixed(2)}-${quantile(xs, 0.75).toFixed(2)}]`;
    };
    // Each round's mean over the same round's bare mean: runs seconds apart share the load.
    const pairedMeans = (means: number[]) => means.map((m, i) => m / mean(bareSteps[i]!));
    const ratioCell = (ratios: number[]) =>
      `${median(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}]`;
    const row = (label: string, ours: string, ref: string, ratio: string) =>
      `${label.padEnd(34)}${ours.padStart(22)}${ref.padStart(22)}${ratio.padStart(24)}`;
    const pct = (x: number) => `${((x - 1) * 100).toFixed(1)} %`;
    // The headline ratio: per round, the runtime's median step over the same round's bare median
    // step (runs seconds apart share the machine's load), then the median over rounds.
    const pairedMedians = (rows: number[][]) =>
      rows.map((xs, i) => median(xs) / median(bareSteps[i]!));
    const inProcessRatio = median(pairedMedians(inProcessSteps));
    const workerRatio = median(pairedMedians(workerSteps));
    const lines = [
      `runtime bench: random fixture, 8 layers, hidden 512, ${ids.length}-token prompt with one ${width}×${width} image, ${steps} tokens × ${rounds} rounds after a warm-up; each round runs bare, in-process and worker (order alternates)`,
      `step = time between two consecutive tokens being ready; ms, median [quartiles] of all ${steps - 1}×${rounds} steps; ratio = median over rounds of (runtime median step / bare median step of the same round) [min-max]`,
      row('', 'runtime', 'bare ORT', 'runtime/bare'),
      row(
        'worker code in this process',
        stepCell(inProcessSteps),
        stepCell(bareSteps),
        ratioCell(pairedMedians(inProcessSteps)),
      ),
      row(
        'worker process, its own clock',
        stepCell(workerSteps),
        stepCell(bareSteps),
        ratioCell(pairedMedians(workerSteps)),
      ),
      `per-round mean ratios, median [min-max]: in this process ${ratioCell(pairedMeans(inProcessSteps.map(mean)))}, ` +
        `worker process ${ratioCell(pairedMeans(workerSteps.map(mean)))}, ` +
        `as the parent sees it (mean gap between token events) ${ratioCell(pairedMeans(parentGaps))}`,
      `overhead per token (target ≤ 2 %): ${pct(inProcessRatio)} same process (the fair comparison); ` +
        `${pct(workerRatio)} in the worker process (two ORT thread pools share the cores; noisy on a busy machine)`,
      `greedy tokens identical to the bare loop: ${same ? 'yes' : 'NO'}`,
      `model load: ${info.loadMs.toFixed(0)} ms in the worker, ${loadWallMs.toFixed(0)} ms including worker start`,
      `time to first token: ${last.timings.timeToFirstTokenMs.toFixed(1)} ms (prompt ${last.usage.promptTokens} tokens)`,
      `peak RSS: worker ${(last.peakRssBytes / 2 ** 20).toFixed(0)} MiB, bench process (bare loop) ${((process.resourceUsage().maxRSS * 1024) / 2 ** 20).toFixed(0)} MiB`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await runtime.dispose();
    await rm(root, { recursive: true, force: true });
  }
}
