import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { cappedSize, smartResizedSize } from '../tinymodels/testing/expectedModelSize';
import { runCli } from './testing/runCli';

const ODD = { width: 333, height: 517 };
const BIG = { width: 1201, height: 923 };
const oddModel = smartResizedSize(ODD.width, ODD.height);
const bigSent = cappedSize(BIG.width, BIG.height);
const bigModel = smartResizedSize(...bigSent);

// What the model writes: image 1 in Qwen2-VL's 0–1000 grid (a box and a
// point), image 2 in Qwen2.5-VL's pixels of the model's image (a box and a
// point), which is a resize of the capped image.
const nodule = [300, 387, 453, 507];
const tip = [120, 909];
const mass = [293, 51, 380, 141];
const wire = [466, 361];
const modelText = [
  '<think>',
  `1. In image 1 a solid <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(${nodule[0]},${nodule[1]}),(${nodule[2]},${nodule[3]})<|box_end|> with the <|object_ref_start|>tube tip<|object_ref_end|><|box_start|>(${tip[0]},${tip[1]})<|box_end|> below it.`,
  `2. In image 2: {"bbox_2d": [${mass.join(', ')}], "label": "mass"} and {"point_2d": [${wire.join(', ')}], "label": "wire"}.`,
  '</think>',
  '<answer>A</answer>',
].join('\n');

// Where those land in the source images' pixels: the grid spans the whole
// image; the model's pixels scale by source size / model size on each axis
// (the cap and the processor's resize are both plain resizes).
const fromGrid = (xy: number[]) => xy.map((v, i) => (v / 1000) * (i % 2 ? ODD.height : ODD.width));
const fromModel = (xy: number[]) =>
  xy.map((v, i) => (i % 2 ? (v * BIG.height) / bigModel[1] : (v * BIG.width) / bigModel[0]));

let root: string;
let model: string;
async function png(name: string, width: number, height: number) {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i += 4) {
    image.data.fill(30, i, i + 3);
    image.data[i + 3] = 255;
  }
  const file = join(root, name);
  await writeFile(file, PNG.sync.write(image));
  return file;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-ask-grounding-'));
  model = join(root, 'model');
  await buildFixtureModel(model, {
    kind: 'scripted',
    script: { rules: [{ image: 'any', text: modelText }] },
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Doc {
  steps: {
    text: string;
    regions: {
      label: string;
      image: number;
      frame: number;
      box: number[];
      point?: number[];
      imageBox: number[];
    }[];
  }[];
  images: { image: number; size: number[]; modelSize: number[] }[];
}

const near = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1));
};

describe('mmx ask --json with boxes in the steps', () => {
  it('lands both box styles on the source pixels (±1 px) of an odd-sized and a capped image', async () => {
    const odd = await png('odd.png', ODD.width, ODD.height);
    const big = await png('big.png', BIG.width, BIG.height);
    const r = await runCli([
      'ask',
      '--model',
      model,
      '--image',
      odd,
      '--image',
      big,
      '--question',
      'Where is it?',
      '--max-new-tokens',
      '4000',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.images).toEqual([
      { image: 1, size: [ODD.width, ODD.height], modelSize: oddModel, frame: 0 },
      { image: 2, size: bigSent, modelSize: bigModel, frame: 0 },
    ]);
    // The size really changed on the way, so the mapping is tested, not skipped.
    expect(oddModel).not.toEqual([ODD.width, ODD.height]);
    expect(bigModel).not.toEqual(bigSent);

    const [first, second] = doc.steps;
    expect(first!.text).toBe('In image 1 a solid nodule with the tube tip below it.');
    expect(first!.regions.map((g) => [g.label, g.image, g.frame])).toEqual([
      ['nodule', 1, 0],
      ['tube tip', 1, 0],
    ]);
    near(first!.regions[0]!.box, fromGrid(nodule));
    near(first!.regions[1]!.box, fromGrid([...tip, ...tip]));
    near(first!.regions[1]!.point!, fromGrid(tip));
    expect(first!.regions[0]!.point).toBeUndefined();

    expect(second!.text).toBe('In image 2: mass and wire.');
    expect(second!.regions.map((g) => [g.label, g.image])).toEqual([
      ['mass', 2],
      ['wire', 2],
    ]);
    near(second!.regions[0]!.box, fromModel(mass));
    // The same box in the pixels sent (the capped image a case keeps and an export draws on).
    near(
      second!.regions[0]!.imageBox,
      mass.map((v, i) => (v * bigSent[i % 2]!) / bigModel[i % 2]!),
    );
    near(second!.regions[1]!.point!, fromModel(wire));
  });
});
