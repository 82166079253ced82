import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, modelPixels } from '../../models/dicom/index';
import { makeTestImage } from '../../models/dicom/testing/makeTestImage';
import { syntaxes, writeDicom } from '../../models/dicom/testing/writeDicom';
import { buildFixtureModel } from '../../models/tinymodels/buildFixtureModel';
import { cappedSize, smartResizedSize } from '../../models/tinymodels/testing/expectedModelSize';
import type { AskEvent, AskResult } from '../common/schemas/ask';
import { createBackEnd } from './createHandlers';

// A DICOM frame of 1201 columns × 923 rows, shown turned 90° clockwise: the
// model sees 923 × 1201, capped to the app's pixel limit, then resized by the
// processor. The viewer's zoom and pan never reach the model.
const W = 1201;
const H = 923;
const shownSize: [number, number] = [H, W];
const sent = cappedSize(...shownSize);
const seen = smartResizedSize(...sent);

// Qwen2.5-VL writes pixels of the image it saw; a box and a point.
const lesion = [101, 222, 140, 260];
const clip = [300, 20];
const modelText =
  '<think>\n' +
  `1. A ${JSON.stringify({ bbox_2d: lesion, label: 'lesion' })} and a ${JSON.stringify({ point_2d: clip, label: 'clip' })}.\n` +
  '2. The centre <|box_start|>(500,500)<|box_end|> is clear.\n' +
  '</think>\n<answer>A lesion.</answer>';

// Back to the frame as the test works it out: the model's pixels scale to the
// shown image (cap and resize are plain resizes), and a clockwise quarter turn
// shows source (x, y) at (H − y, x), so shown (u, v) is source (v, H − u).
const toShown = (x: number, y: number) => [(x * H) / seen[0], (y * W) / seen[1]] as const;
const toSource = (x: number, y: number) => {
  const [u, v] = toShown(x, y);
  return [v, H - u] as const;
};
const expectedBox = (() => {
  const [ax, ay] = toSource(lesion[0]!, lesion[1]!);
  const [bx, by] = toSource(lesion[2]!, lesion[3]!);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
})();

let home: string;
let backEnd: ReturnType<typeof createBackEnd>;
const web = { mode: 'web' as const };

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mmx-backend-grounding-'));
  const model = join(home, 'grounding-model');
  await buildFixtureModel(model, {
    kind: 'scripted',
    script: { rules: [{ image: 'any', text: modelText }] },
  });
  backEnd = createBackEnd({ home });
  const imported = await backEnd.dispatcher.call('importModel', { path: model }, web);
  if (!imported.ok) throw new Error(JSON.stringify(imported));
  const { models } = imported.value as { models: { id: string }[] };
  const chosen = await backEnd.dispatcher.call('setActiveModel', { id: models[0]!.id }, web);
  if (!chosen.ok) throw new Error(JSON.stringify(chosen));
});
afterAll(async () => {
  await backEnd.dispose();
  await rm(home, { recursive: true, force: true });
});

const near = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1));
};

describe('the ask stream with a rotated, capped capture', () => {
  it('maps Qwen2.5-VL pixel boxes back to the DICOM frame (±1 px) and says what size the model saw', async () => {
    const image = makeTestImage({
      rows: H,
      columns: W,
      bitsAllocated: 8,
      values: Array.from({ length: W * H }, (_, i) => (i % W) % 256),
    });
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: image.elements,
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    });
    // What the viewer's capture (captureDicomView) sends for this view.
    const events: AskEvent[] = [];
    const pixels = modelPixels({ frame: await decodeFrame(bytes, 0), view: { rotation: 90 } });
    expect([pixels.width, pixels.height]).toEqual(sent);
    const envelope = await backEnd.dispatcher.stream(
      'ask',
      {
        question: 'Where is the lesion?',
        images: [
          {
            name: 'frame.dcm',
            width: pixels.width,
            height: pixels.height,
            rgb: pixels.rgb,
            origin: { toSource: pixels.toSource, frame: 0, item: 'item-1' },
          },
        ],
      },
      (event) => events.push(event as AskEvent),
      new AbortController().signal,
      web,
    );
    if (!envelope.ok) throw new Error(JSON.stringify(envelope));
    const result = envelope.value as AskResult;
    expect(result.received?.images).toEqual([
      {
        index: 1,
        width: sent[0],
        height: sent[1],
        modelSize: seen,
        // One vision token per 28 × 28 block of what the model saw.
        tokens: (seen[0]! * seen[1]!) / 28 ** 2,
      },
    ]);
    expect(seen).not.toEqual(sent);
    const [step] = result.steps;
    expect(step!.text).toBe('A lesion and a clip.');
    const [box, point] = step!.regions!;
    expect(box).toMatchObject({ label: 'lesion', image: 1, frame: 0 });
    near(box!.box, expectedBox);
    expect(point).toMatchObject({ label: 'clip', image: 1, frame: 0 });
    near(point!.point!, toSource(clip[0]!, clip[1]!));
    // The 0–1000 grid needs no model size: the middle of what the model saw,
    // shown (H/2, W/2), is source (W/2, H/2).
    expect(result.steps[1]!.text).toBe('The centre is clear.');
    near(result.steps[1]!.regions![0]!.point!, [W / 2, H / 2]);

    // The local runtime says what size it saw before its first token (its
    // `images` event), so streamed steps carry their pixel boxes at once too.
    const streamed = events.flatMap((e) => (e.type === 'step' ? [e.step] : []));
    expect(streamed.map((s) => s.regions?.length)).toEqual([2, 1]);
    near(streamed[0]!.regions![0]!.box, expectedBox);
    const done = events.find((e) => e.type === 'perspective-done');
    expect(done?.type === 'perspective-done' && done.result.steps[0]!.regions).toHaveLength(2);
  });
});
