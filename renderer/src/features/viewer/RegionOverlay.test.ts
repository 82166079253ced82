// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { ReasoningStep } from '../../../../electron/common/schemas/reasoning';
import type { Region } from '../../../../electron/common/schemas/regions';
import type { PerspectiveRun } from '../reasoning/reasoningSlice';
import { regionsOnFrame } from './RegionOverlay';

const image = (item: string, frame: number) => ({
  name: item,
  width: 1,
  height: 1,
  rgb: new Uint8Array(3),
  origin: {
    toSource: [1, 0, 0, 0, 1, 0] as [number, number, number, number, number, number],
    frame,
    item,
  },
});
const region = (label: string, image: number, frame: number): Region => ({
  label,
  image,
  frame,
  box: [1, 2, 3, 4],
});
const step = (index: number, regions: Region[]): ReasoningStep => ({
  perspective: 'analytical',
  index,
  label: String(index),
  text: `step ${index}`,
  citations: [],
  noGuidelineSupport: true,
  unknownCitations: [],
  unsupportedCitations: [],
  regions,
});
const perspective = (steps: ReasoningStep[]): PerspectiveRun => ({
  key: 'analytical',
  perspective: 'analytical',
  text: '',
  steps,
  answer: null,
  unplaced: [],
  done: true,
});

describe('regionsOnFrame', () => {
  it("keeps the regions whose image was captured from the file and frame shown, each with its step's key", () => {
    const run = {
      images: [image('ct', 3), image('xray', 0)],
      perspectives: [
        perspective([
          step(1, [region('nodule', 1, 3), region('rib', 2, 0)]),
          step(2, [region('other slice', 1, 4), region('not sent', 3, 0)]),
        ]),
      ],
    };
    expect(regionsOnFrame(run, 'ct', 3).map((r) => [r.region.label, r.step, r.stepNumber])).toEqual(
      [['nodule', 'analytical-1', 1]],
    );
    expect(regionsOnFrame(run, 'xray', 0).map((r) => r.region.label)).toEqual(['rib']);
    expect(regionsOnFrame(run, 'ct', 0)).toEqual([]);
    expect(regionsOnFrame(undefined, 'ct', 3)).toEqual([]);
  });
});
