import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import {
  fixtureDtypes,
  fixtureSizes,
  type FixtureDtype,
  type FixtureSize,
} from '../tinymodels/fixtureOptions';
import { renderChat, requestMessages, tokenizePrompt } from '../runtime/internal/buildPrompt';
import { greedyDecode } from '../runtime/internal/greedyDecode';
import {
  DEFAULT_SESSION_OPTIONS,
  loadModel,
  releaseModel,
  type LoadedModel,
  type SessionOptions,
} from '../runtime/internal/loadModel';
import { prepareImages, type PreparedImages } from '../runtime/internal/prepareImages';
import { generateRequestSchema, type GenerateRequest } from '../runtime/protocol';
import { memoryCopyBandwidth } from './memoryCopyBandwidth';
import { bareLoop } from './runtimeBench';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : NaN;
};
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** A question of about 100 tokens of the fixture tokenizer, as a radiology request reads. */
const QUESTION =
  'A 64-year-old man with a persistent cough for six weeks, weight loss and night sweats. ' +
  'Chest radiograph, frontal view. Describe the findings step by step: lungs, pleura, ' +
  'mediastinum, heart size, bones and soft tissues. Give the most likely diagnosis, two ' +
  'differentials and the next investigation.';

/** Bytes of a part's weights on disk: its .onnx and external data files. */
function partBytes(dir: string, part: string, dtype: FixtureDtype): number {
  const suffix = { fp32: '', fp16: '_fp16', q4: '_q4', q8: '_quantized' }[dtype];
  const onnx = path.join(dir, 'onnx');
  return readdirSync(onnx)
    .filter((f) => f === `${part}${suffix}.onnx` || f.startsWith(`${part}${suffix}.onnx_data`))
    .reduce((n, f) => n + statSync(path.join(onnx, f)).size, 0);
}

/** Parses `--ort key=value` flags into session options over the defaults. */
function sessionOptionsFrom(flags: string[]): SessionOptions {
  const options: SessionOptions = { ...DEFAULT_SESSION_OPTIONS };
  const extra: Record<string, string> = {};
  for (const flag of flags) {
    const [key, value] = flag.split('=') as [string, string | undefined];
    if (value === undefined) throw new Error(`--ort ${flag}: expected key=value`);
    if (key === 'threads') options.intraOpNumThreads = Number(value);
    else if (key === 'opt') options.graphOptimizationLevel = value as 'all';
    else if (key === 'arena') options.enableCpuMemArena = value === '1';
    else if (key === 'pattern') options.enableMemPattern = value === '1';
    // Anything else is a session config entry (onnxruntime_session_options_config_keys.h).
    else extra[key] = value;
  }
  if (Object.keys(extra).length) options.extra = { ...options.extra, ...extra };
  return options;
}

/** Step times of the runtime's own decode loop (greedyDecode), on its token callbacks. */
async function runtimeSteps(
  model: LoadedModel,
  ids: number[],
  images: PreparedImages | undefined,
  steps: number,
) {
  const readyAt: number[] = [];
  const result = await greedyDecode(model, ids, images, {
    maxNewTokens: steps,
    onToken: () => readyAt.push(performance.now()),
  });
  return { tokens: result.tokenIds, stepMs: gaps(readyAt), firstTokenAt: result.firstTokenAt };
}

/**
 * `npm run bench -- runtime --size 2b|7b [--dtype fp32|fp16|q4|q8] [--model DIR]
 * [--fixtures DIR] [--tokens N] [--rounds R] [--image SIDE | --no-image] [--ort key=value]…`:
 * the runtime at the size users run. Builds (once, cached under --fixtures)
 * the real-shaped random fixture, then in one process: load time, time to
 * first token for a 1024×1024 image + ~100-token question, decode ms/token of
 * the runtime's loop and of a bare onnxruntime loop on the same sessions
 * (rounds alternate), peak RSS, and the bandwidth ratio: the bytes a decode
 * step reads (decoder weights + KV cache) per step time over the machine's
 * memory-copy bandwidth measured in the same run.
 */
export async function runSizedRuntimeBench(args: string[]): Promise<void> {
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const size = value('size') as FixtureSize;
  if (!fixtureSizes.includes(size))
    throw new Error(`--size must be one of ${fixtureSizes.join(', ')}`);
  const dtype = (value('dtype') ?? 'fp32') as FixtureDtype;
  if (!fixtureDtypes.includes(dtype))
    throw new Error(`--dtype must be one of ${fixtureDtypes.join(', ')}`);
  // Many short rounds: on a shared machine a step's time drifts by ±50 % within a minute.
  const steps = Number(value('tokens') ?? 12);
  const rounds = Number(value('rounds') ?? 6);
  const withImage = !args.includes('--no-image');
  const ortFlags = args.flatMap((a, i) => (a === '--ort' ? [args[i + 1] as string] : []));
  // --try "k=v k=v": another set of session options, decoded in the same rounds (own sessions).
  const tries = args.flatMap((a, i) => (a === '--try' ? [args[i + 1] as string] : []));
  const sessionOptions = sessionOptionsFrom(ortFlags);

  let dir = value('model');
  if (!dir) {
    const root = value('fixtures') ?? path.join(tmpdir(), 'mmx-bench-fixtures');
    dir = path.join(root, `${size}-${dtype}`);
    const done = path.join(dir, '.mmx-bench-complete');
    if (!existsSync(done)) {
      const started = performance.now();
      process.stdout.write(`building the ${size} ${dtype} fixture in ${dir} …\n`);
      await buildFixtureModel(dir, { kind: 'random', seed: 1, size, dtype });
      await writeFile(done, '');
      process.stdout.write(`built in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  }
  dir = path.resolve(dir);

  const threads = os.availableParallelism();
  const copyBefore = await memoryCopyBandwidth(threads);

  const loadStart = performance.now();
  const model = await loadModel(dir, { dtype }, sessionOptions);
  const loadMs = performance.now() - loadStart;
  const rssLoaded = process.memoryUsage().rss;
  const { config } = model;

  // The first 100 tokens of the question (all ASCII, so any cut decodes cleanly).
  const question = model.tokenizer.decode(
    model.tokenizer.encode(QUESTION, { add_special_tokens: false }).slice(0, 100),
  );
  const textRequest: GenerateRequest = { question, maxNewTokens: steps };
  const textIds = tokenizePrompt(
    model.tokenizer,
    renderChat(model.tokenizer, requestMessages(generateRequestSchema.parse(textRequest))).text,
    [],
    config.spatialMergeSize,
  );

  const tried: { flags: string; model: LoadedModel; steps: number[][] }[] = [];
  for (const flags of tries) {
    const options = sessionOptionsFrom(flags.split(/\s+/).filter(Boolean));
    tried.push({ flags, model: await loadModel(dir, { dtype }, options), steps: [] });
  }

  // Decode: the runtime's loop and the bare loop on the same sessions and text prompt.
  await runtimeSteps(model, textIds, undefined, 2); // warm-up
  for (const t of tried) await runtimeSteps(t.model, textIds, undefined, 2);
  const ours: number[][] = [];
  const bare: number[][] = [];
  // Copy bandwidth between rounds too: on a shared machine it drifts with the load.
  const copies = [copyBefore];
  let same = true;
  let reference: number[] | undefined;
  for (let r = 0; r < rounds; r++) {
    const order = ['runtime', 'bare', ...tried.map((_, i) => i)];
    for (const which of r % 2 === 0 ? order : order.reverse()) {
      const run =
        which === 'runtime'
          ? await runtimeSteps(model, textIds, undefined, steps)
          : which === 'bare'
            ? await bareLoop(model, textIds, undefined, steps)
            : await runtimeSteps(tried[which as number]!.model, textIds, undefined, steps);
      if (which === 'runtime') ours.push(run.stepMs);
      else if (which === 'bare') bare.push(run.stepMs);
      else tried[which as number]!.steps.push(run.stepMs);
      reference ??= run.tokens;
      same &&= run.tokens.join() === reference.join();
    }
    copies.push(await memoryCopyBandwidth(threads));
  }
  for (const t of tried) await releaseModel(t.model);
  const copyAfter = copies.at(-1) as number;

  const stepMs = median(ours.flat());
  const bareMs = median(bare.flat());
  // Headline: pooled medians of every step; per round (runtime median / bare median) for the spread.
  const overhead = stepMs / bareMs - 1;
  const paired = ours.map((xs, i) => median(xs) / median(bare[i]!) - 1);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const weightBytes = partBytes(dir, 'decoder_model_merged', dtype);
  // A step reads the whole KV cache once (attention); mean context over the measured steps.
  const context = textIds.length + steps / 2;
  const kvBytes = 2 * config.layers * config.kvHeads * config.headDim * 4 * context;
  const stepBytes = weightBytes + kvBytes;
  const copy = median(copies);
  const achieved = stepBytes / (stepMs / 1000);
  const ratio = achieved / copy;
  const bareRatio = stepBytes / (bareMs / 1000) / copy;
  const gbs = (b: number) => `${(b / 1e9).toFixed(2)} GB/s`;
  const machine = `${threads} vCPU ${os.cpus()[0]?.model.trim() ?? ''}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load avg ${os.loadavg()[0]!.toFixed(1)}`;
  const options = ortFlags.length ? ortFlags.join(' ') : 'defaults';
  const lines = [
    `runtime bench at size: ${value('model') ? path.basename(dir) : `${size}-shaped random fixture`} (${config.layers} layers, hidden ${config.hiddenSize}, vocab ${config.vocabSize}), ${dtype}, session options: ${options}`,
    `machine: ${machine}`,
    `model load: ${(loadMs / 1000).toFixed(1)} s; RSS after load ${gib(rssLoaded)}`,
    `decode (${textIds.length}-token text prompt, ${steps} tokens × ${rounds} rounds): runtime ${stepMs.toFixed(1)} ms/token, bare onnxruntime loop ${bareMs.toFixed(1)} ms/token, overhead ${pct(overhead)} (target ≤ 2 %; per round ${pct(Math.min(...paired))} to ${pct(Math.max(...paired))})`,
    `greedy tokens identical to the bare loop: ${same ? 'yes' : 'NO'}`,
    `bytes per decode step: ${gib(stepBytes)} (decoder weights ${gib(weightBytes)} + KV cache ${gib(kvBytes)}); ` +
      `achieved ${gbs(achieved)} (bare ${gbs(stepBytes / (bareMs / 1000))}); memory copy ${gbs(copy)} over ${threads} threads (median of ${copies.length}: ${gbs(copyBefore)} before, ${gbs(copyAfter)} after)`,
    `bandwidth ratio: ${ratio.toFixed(2)} runtime, ${bareRatio.toFixed(2)} bare (aim ≥ 0.6)`,
    ...tried.map((t) => {
      const ms = median(t.steps.flat());
      const paired = median(t.steps.map((xs, i) => median(xs) / median(ours[i]!)));
      return `  --try "${t.flags}": ${ms.toFixed(1)} ms/token, ratio ${(stepBytes / (ms / 1000) / copy).toFixed(2)}, ${paired.toFixed(3)}× the defaults' step (paired by round)`;
    }),
  ];
  // Decode figures first: the image prompt's prefill takes minutes on a small machine.
  process.stdout.write(`${lines.join('\n')}\n`);

  // Time to first token with the image: preprocessing, vision encoder, prefill, first argmax.
  let ttft: { ms: number; promptTokens: number; stepMs: number[] } | undefined;
  if (withImage) {
    const width = Number(value('image') ?? 1024);
    const data = new Uint8Array(width * width * 3).map(
      (_, i) => (i * 31 + ((i / 3) % width) * 5) % 256,
    );
    const request: GenerateRequest = {
      question,
      images: [{ rgb: { width, height: width, data } }],
      maxNewTokens: steps,
    };
    const started = performance.now();
    const { text, images } = renderChat(
      model.tokenizer,
      requestMessages(generateRequestSchema.parse(request)),
    );
    const prepared = await prepareImages(images, model.imageProcessor);
    const ids = tokenizePrompt(model.tokenizer, text, prepared.grids, config.spatialMergeSize);
    const run = await runtimeSteps(model, ids, prepared, Math.min(steps, 8));
    ttft = {
      ms: (run.firstTokenAt as number) - started,
      promptTokens: ids.length,
      stepMs: run.stepMs,
    };
  }

  await releaseModel(model);
  const peak = peakRss();
  const tail = [
    ttft
      ? `time to first token, ${value('image') ?? 1024}² image + question (${ttft.promptTokens} prompt tokens): ${(ttft.ms / 1000).toFixed(1)} s; then ${median(ttft.stepMs).toFixed(1)} ms/token`
      : 'time to first token: skipped (--no-image)',
    `peak RSS ${gib(peak)} (after load ${gib(rssLoaded)})`,
    'README row:',
    `| ${size} | ${dtype} | ${options} | ${(loadMs / 1000).toFixed(1)} s | ${gib(peak)} | ${ttft ? `${(ttft.ms / 1000).toFixed(1)} s (${ttft.promptTokens} tok)` : '—'} | ${stepMs.toFixed(1)} | ${bareMs.toFixed(1)} | ${(overhead * 100).toFixed(1)} % | ${gbs(achieved)} / ${gbs(copy)} = ${ratio.toFixed(2)} | ${machine} |`,
  ];
  process.stdout.write(`${tail.join('\n')}\n`);
}
