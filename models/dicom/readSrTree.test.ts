import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseDicom } from './parseDicom';
import { readSrTree, type SrNode } from './readSrTree';
import { hasDcmtk, scratchDir } from './testing/dcmtk';
import { makeTestImage } from './testing/makeTestImage';
import { makeTestSr } from './testing/makeTestSr';
import { syntaxes, writeDicom } from './testing/writeDicom';

const flatten = (node: SrNode, depth = 0): string[] => [
  `${'  '.repeat(depth)}${node.relationship ?? 'ROOT'} ${node.valueType} ${node.concept ?? ''}: ${node.value ?? ''}`,
  ...node.children.flatMap((child) => flatten(child, depth + 1)),
];

describe('readSrTree', () => {
  it('reads the content tree of an SR document in order, with each value as text', () => {
    const doc = readSrTree(parseDicom(makeTestSr()))!;
    expect(doc.title).toBe('Chest CT report');
    expect(doc.sopClassName).toMatch(/Enhanced SR/);
    expect(doc.completion).toBe('COMPLETE');
    expect(flatten(doc.root)).toEqual([
      'ROOT CONTAINER Chest CT report: ',
      '  HAS OBS CONTEXT DATE Study Date: 2026-11-30',
      '  CONTAINS CONTAINER Findings: ',
      '    CONTAINS TEXT Finding: Solid nodule in the right upper lobe.',
      '    CONTAINS NUM Distance: 7.5 mm',
      '  CONTAINS CODE Impression: Follow-up recommended',
    ]);
  });

  it('returns nothing for an image', () => {
    const image = makeTestImage({ rows: 2, columns: 2 });
    const bytes = writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: image.elements,
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    });
    expect(readSrTree(parseDicom(bytes))).toBeUndefined();
  });

  it.skipIf(!hasDcmtk)('agrees with dcmtk’s dsr2xml on every concept and value', () => {
    const { dir, dispose } = scratchDir();
    try {
      const file = join(dir, 'sr.dcm');
      writeFileSync(file, makeTestSr());
      const xml = spawnSync('dsr2xml', ['-Ee', file], { encoding: 'utf8' });
      expect(xml.status, xml.stderr).toBe(0);
      for (const text of [
        'Chest CT report',
        'Study Date',
        'Findings',
        'Solid nodule in the right upper lobe.',
        'Distance',
        '7.5',
        'Follow-up recommended',
      ])
        expect(xml.stdout).toContain(text);
    } finally {
      dispose();
    }
  });
});
