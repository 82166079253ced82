import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { calibration } from './calibration';
import { reliabilityDiagram, reliabilityGrid } from './reliabilityDiagram';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

/** Parses with a strict XML parser (it throws on anything malformed) into a flat element list. */
function parse(svg: string): { root: string; elements: Element[] } {
  const parser = new SaxesParser({ xmlns: false });
  const elements: Element[] = [];
  const open: Element[] = [];
  parser.on('opentag', (tag) => {
    const element = {
      name: tag.name,
      attributes: { ...tag.attributes } as Record<string, string>,
      text: '',
    };
    elements.push(element);
    open.push(element);
  });
  parser.on('text', (text) => {
    for (const element of open) element.text += text;
  });
  parser.on('closetag', () => void open.pop());
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(svg).close();
  return { root: elements[0]!.name, elements };
}

describe('reliabilityDiagram', () => {
  it('is well-formed SVG with one bar per non-empty bin at its accuracy', () => {
    const c = calibration([
      { probabilities: { A: 0.95, B: 0.05 }, label: 'A' },
      { probabilities: { A: 0.9, B: 0.1 }, label: 'B' },
      { probabilities: { A: 0.3, B: 0.7 }, label: 'B' },
    ]);
    const { root, elements } = parse(reliabilityDiagram(c, 'MedXpertQA <MM> & "demo"'));
    expect(root).toBe('svg');
    expect(elements[0]!.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(elements.find((e) => e.name === 'title')?.text).toBe('MedXpertQA <MM> & "demo"');
    const bars = elements.filter((e) => e.name === 'rect' && e.attributes.class === 'bin');
    // Bin 0.7–0.8 has accuracy 1 (the plot's full 320 px), bin 0.9–1 accuracy 1/2.
    expect(bars.map((b) => Number(b.attributes.height))).toEqual([320, 160]);
    // (2/3 · |0.5 − 0.925| + 1/3 · |1 − 0.7|) = 0.38333.
    expect(elements[0]!.text).toContain('ECE 38.33 % over 3 questions');
  });

  it('says so when no answer has a confidence', () => {
    const { elements } = parse(reliabilityDiagram(calibration([]), 'empty'));
    expect(elements.filter((e) => e.attributes.class === 'bin')).toHaveLength(0);
    expect(elements[0]!.text).toContain('no answer with a confidence');
  });

  it('puts one half-size panel per category value into one well-formed SVG', () => {
    const one = calibration([{ probabilities: { A: 0.9, B: 0.1 }, label: 'A' }]);
    const values = ['CT', 'MR', 'X-ray', 'US', 'PET'];
    const { root, elements } = parse(
      reliabilityGrid(
        values.map((title) => ({ title, calibration: one })),
        'by modality',
      ),
    );
    expect(root).toBe('svg');
    const panels = elements.filter((e) => e.name === 'svg').slice(1);
    expect(panels).toHaveLength(5);
    // Four per row: the fifth starts the second row.
    expect(panels.map((p) => [p.attributes.x, p.attributes.y])).toEqual([
      ['0', '30'],
      ['210', '30'],
      ['420', '30'],
      ['630', '30'],
      ['0', '250'],
    ]);
    expect(panels.map((p) => p.attributes.viewBox)).toEqual(Array(5).fill('0 0 420 440'));
  });
});
