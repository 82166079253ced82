import { describe, expect, it } from 'vitest';
import { parseRegions, visibleStepText } from './parseRegions';
import { parseReasoning, StepParser } from './stepParser';

describe('parseRegions', () => {
  it("reads a Qwen2-VL box on the 0–1000 grid and replaces the markup by the object's name", () => {
    const { text, marks } = parseRegions(
      'A solid <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(612,208),(655,251)<|box_end|> in the right upper lobe.',
    );
    expect(text).toBe('A solid nodule in the right upper lobe.');
    expect(marks).toEqual([
      {
        label: 'nodule',
        image: 1,
        imageStated: false,
        space: 'grid-1000',
        box: [612, 208, 655, 251],
        point: false,
      },
    ]);
  });

  it('reads a Qwen2-VL point, orders a box written corner to corner backwards, and takes "image N" from the sentence', () => {
    const { text, marks } = parseRegions(
      'On image 2 the tip <|box_start|>(40,60)<|box_end|> sits above <|object_ref_start|>the carina<|object_ref_end|><|box_start|>(500,700),(450,650)<|box_end|>.',
    );
    expect(text).toBe('On image 2 the tip sits above the carina.');
    expect(marks.map((m) => [m.image, m.imageStated, m.point, m.box])).toEqual([
      [2, true, true, [40, 60, 40, 60]],
      [2, true, false, [450, 650, 500, 700]],
    ]);
  });

  it('reads Qwen2.5-VL JSON boxes and points in a json fence and leaves their labels', () => {
    const { text, marks } = parseRegions(
      'Findings:\n```json\n[\n  {"bbox_2d": [101, 33, 140, 80], "label": "left effusion"},\n  {"point_2d": [12.5, 7], "label": "tube tip"}\n]\n```\nBoth are new.',
    );
    expect(text).toBe('Findings:\nleft effusion, tube tip\nBoth are new.');
    expect(marks).toEqual([
      {
        label: 'left effusion',
        image: 1,
        imageStated: false,
        space: 'model-pixels',
        box: [101, 33, 140, 80],
        point: false,
      },
      {
        label: 'tube tip',
        image: 1,
        imageStated: false,
        space: 'model-pixels',
        box: [12.5, 7, 12.5, 7],
        point: true,
      },
    ]);
  });

  it('takes the image from the label of a JSON box', () => {
    const { marks } = parseRegions('See {"bbox_2d": [1, 2, 3, 4], "label": "mass in image 3"}.');
    expect(marks[0]).toMatchObject({ image: 3, imageStated: true, label: 'mass in image 3' });
  });

  it('leaves text without valid markup exactly as written', () => {
    for (const text of [
      'Size 12 (3,4) mm, no box.',
      'Broken {"bbox_2d": [1, 2, 3], "label": "x"} here.',
      '<|box_start|>(1,2),(3,4),(5,6)<|box_end|>',
      '{"bbox_2d": [1, 2, 3, 4], "label": "x"',
    ]) {
      expect(parseRegions(text)).toEqual({ text, marks: [] });
    }
  });
});

describe('the step parser with regions', () => {
  it('gives each step its own boxes and keeps the markup out of the step text', () => {
    const parsed = parseReasoning(
      '<think>1. The <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(10,20),(30,40)<|box_end|> is solid.\n2. No effusion.\n3. Mass {"bbox_2d":[5,6,7,8],"label":"mass"}.</think><answer>B</answer>',
    );
    expect(parsed.steps.map((s) => s.text)).toEqual([
      'The nodule is solid.',
      'No effusion.',
      'Mass mass.',
    ]);
    expect(parsed.steps.map((s) => s.marks?.map((m) => m.box))).toEqual([
      [[10, 20, 30, 40]],
      undefined,
      [[5, 6, 7, 8]],
    ]);
  });
});

describe('visibleStepText', () => {
  it('leaves out markup the model is still writing and shows what is complete', () => {
    expect(visibleStepText('A solid <|object_ref_start|>nod')).toBe('A solid');
    expect(visibleStepText('A <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(61')).toBe(
      'A nodule',
    );
    expect(visibleStepText('A <|box_st')).toBe('A');
    expect(visibleStepText('Mass {"bbox_2d": [5, 6')).toBe('Mass');
    expect(
      visibleStepText('Both:\n```json\n[\n{"bbox_2d": [1, 2, 3, 4], "label": "a"},\n{"bbo'),
    ).toBe('Both:');
    expect(visibleStepText('Done <|box_start|>(1,2),(3,4)<|box_end|> and size 3 (mm)')).toBe(
      'Done and size 3 (mm)',
    );
  });

  it('streams to the same step text as the whole output, with no markup shown on the way', () => {
    const text =
      '<think>1. A <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(10,20),(30,40)<|box_end|> here {"point_2d": [3, 4], "label": "tip"}.\n2. Next.</think>';
    const parser = new StepParser();
    const shown: string[] = [];
    for (const ch of text)
      for (const event of parser.push(ch)) if (event.type === 'progress') shown.push(event.text);
    const { result } = parser.end();
    expect(result.steps[0]!.text).toBe('A nodule here tip.');
    expect(shown.filter((t) => /<\||bbox|point_2d|\{/.test(t))).toEqual([]);
  });
});

describe('the answer with a box', () => {
  it('shows the label instead of the markup', () => {
    const parsed = parseReasoning(
      '<think>1. Look.</think><answer>The <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(1,2),(3,4)<|box_end|> is benign.</answer>',
    );
    expect(parsed.answer?.text).toBe('The nodule is benign.');
  });
});
