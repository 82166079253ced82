import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MODEL_MAX_PIXELS } from '../../electron/common/schemas/ask';
import { imageTokenCount, type ImageBounds } from '../reasoning/imageTokens';
import { readImageBounds } from '../runtime/generationDefaults';
import { loadModel, releaseModel } from '../runtime/internal/loadModel';
import { ort } from '../runtime/internal/ml';
import { prepareImages, withPixelBounds } from '../runtime/internal/prepareImages';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : NaN;
};

/** Image sizes a radiologist sends: an ultrasound still, a CT or MR slice, a radiograph at the app's 1024² cap. */
const SIZES: [number, number][] = [
  [224, 224],
  [448, 448],
  [512, 512],
  [640, 480],
  [1024, 768],
  [1024, 1024],
];

/** A deterministic textured RGB image (flat images compress nothing here, but keep the processor honest). */
function testImage(width: number, height: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < out.length; i++) out[i] = (i * 31 + ((i / 3) % width) * 5) % 256;
  return out;
}

/**
 * `npm run bench -- vision [-- --model DIR --rounds R]`: vision-encoder time
 * per image size (issue #20 item 5). Each size is resized by the model's
 * processor with max_pixels lifted to the app's cap (MODEL_MAX_PIXELS), so
 * the token count follows the size; the preprocessing (smart_resize, patches)
 * and the vision_encoder session are timed apart, median of R runs after a
 * warm-up. The reference is linear scaling from the smallest image: the
 * ratio column shows how much faster than its token count the cost grows
 * (full attention over the patches is quadratic). Without --model it runs a
 * random fixture (hidden 512: a 256-wide, one-block vision tower).
 */
export async function runVisionBench(args: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const rounds = Number(flag('rounds') ?? 5);
  const root = await mkdtemp(path.join(tmpdir(), 'mmx-vision-bench-'));
  let dir = flag('model');
  try {
    if (!dir) {
      dir = path.join(root, 'model');
      await buildFixtureModel(dir, { kind: 'random', seed: 1, layers: 1, hidden: 512 });
    }
    const model = await loadModel(dir);
    const own = readImageBounds(dir);
    const bounds: ImageBounds = { ...own, maxPixels: Math.max(own.maxPixels, MODEL_MAX_PIXELS) };
    const processor = withPixelBounds(model.imageProcessor, bounds);
    const int64 = (v: BigInt64Array, dims: number[]) => new ort.Tensor('int64', v, dims);
    const rows: {
      size: string;
      tokens: number;
      patches: number;
      prepMs: number;
      encoderMs: number;
    }[] = [];
    for (const [width, height] of SIZES) {
      const source = { rgb: { width, height, data: testImage(width, height) } };
      const prepTimes: number[] = [];
      const encoderTimes: number[] = [];
      let patches = 0;
      for (let round = 0; round <= rounds; round++) {
        const t0 = performance.now();
        const prepared = await prepareImages([source], processor);
        const t1 = performance.now();
        patches = prepared.pixelValues.length / prepared.patchDim;
        await model.sessions.vision_encoder.run({
          pixel_values: new ort.Tensor('float32', prepared.pixelValues, [
            patches,
            prepared.patchDim,
          ]),
          [model.gridInputName]: int64(BigInt64Array.from(prepared.grids.flat(), BigInt), [1, 3]),
        });
        const t2 = performance.now();
        // Round 0 warms the session up for this shape.
        if (round > 0) {
          prepTimes.push(t1 - t0);
          encoderTimes.push(t2 - t1);
        }
      }
      rows.push({
        size: `${width}×${height}`,
        tokens: imageTokenCount(width, height, bounds),
        patches,
        prepMs: median(prepTimes),
        encoderMs: median(encoderTimes),
      });
    }
    await releaseModel(model);
    const base = rows[0]!;
    const lines = [
      `vision encoder of ${dir} (${model.config.vision.depth} blocks, width ${model.config.vision.embedDim}), median of ${rounds} runs; bounds ${bounds.minPixels}–${bounds.maxPixels} pixels`,
      'image       tokens  patches   preprocess ms  encoder ms  µs/token  time ratio  token ratio',
      ...rows.map((r) =>
        [
          r.size.padEnd(10),
          String(r.tokens).padStart(7),
          String(r.patches).padStart(8),
          r.prepMs.toFixed(1).padStart(15),
          r.encoderMs.toFixed(1).padStart(11),
          ((r.encoderMs * 1000) / r.tokens).toFixed(0).padStart(9),
          (r.encoderMs / base.encoderMs).toFixed(2).padStart(11),
          (r.tokens / base.tokens).toFixed(2).padStart(12),
        ].join(' '),
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
