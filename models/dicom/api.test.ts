import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupIntoSeries } from './groupIntoSeries';
import { listTags } from './listTags';
import { loadTagDictionary } from './tagDictionary';
import { decodeRasterImage } from './node/decodeRasterImage';
import { encodePng } from './node/encodePng';
import { parseDicom } from './parseDicom';
import { renderForModel } from './renderForModel';
import { makeTestImage } from './testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from './testing/writeDicom';

function file(
  extra: ElementSpec[] = [],
  spec: Parameters<typeof makeTestImage>[0] = { rows: 8, columns: 8 },
): Uint8Array {
  const image = makeTestImage({ ...spec, extra });
  const elements = image.elements.filter((e) => !extra.some((x) => x.tag === e.tag));
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [...elements, ...extra],
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
}

describe('listTags', () => {
  it('hides patient-identifying tags unless asked, and counts them', async () => {
    const parsed = parseDicom(file([{ tag: 0x00091001, vr: 'LO', value: 'private vendor note' }]));
    const hidden = listTags(parsed, { phi: false, dictionary: await loadTagDictionary() });
    const names = hidden.tags.map((t) => t.name);
    expect(names).toContain('Rows');
    expect(names).not.toContain("Patient's Name");
    expect(JSON.stringify(hidden)).not.toContain('Test^Patient');
    expect(JSON.stringify(hidden)).not.toContain('private vendor note');
    const shown = listTags(parsed, { phi: true, dictionary: await loadTagDictionary() });
    expect(shown.tags.find((t) => t.tag === '(0010,0010)')).toMatchObject({
      value: 'Test^Patient',
      vr: 'PN',
      phi: true,
    });
    expect(shown.tags.length - hidden.tags.length).toBe(hidden.hiddenPhi);
    expect(shown.tags.find((t) => t.tag === '(0028,0010)')?.value).toBe('8');
  });
});

describe('groupIntoSeries', () => {
  it('groups by study and series and orders slices along the normal, then by instance number', () => {
    const orientation: ElementSpec = { tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] };
    const slice = (z: number, n: number, series: string) =>
      file([
        orientation,
        { tag: 0x00200032, vr: 'DS', value: [0, 0, z] },
        { tag: 0x00200013, vr: 'IS', value: String(n) },
        { tag: 0x0020000e, vr: 'UI', value: series },
      ]);
    const { studies, rejected } = groupIntoSeries([
      { id: 'a', bytes: slice(10, 1, '1.2.3.1') },
      { id: 'b', bytes: slice(-5, 2, '1.2.3.1') },
      { id: 'c', bytes: slice(2.5, 3, '1.2.3.1') },
      {
        id: 'd',
        bytes: file([
          { tag: 0x00200013, vr: 'IS', value: '7' },
          { tag: 0x0020000e, vr: 'UI', value: '1.2.3.2' },
        ]),
      },
      {
        id: 'e',
        bytes: file([
          { tag: 0x00200013, vr: 'IS', value: '3' },
          { tag: 0x0020000e, vr: 'UI', value: '1.2.3.2' },
        ]),
      },
      { id: 'text', bytes: new TextEncoder().encode('not dicom at all, just words') },
    ]);
    expect(studies).toHaveLength(1);
    const [first, second] = studies[0]!.series;
    expect(first!.instances.map((i) => i.id)).toEqual(['b', 'c', 'a']);
    expect(second!.instances.map((i) => i.id)).toEqual(['e', 'd']);
    expect(rejected).toEqual([{ id: 'text', error: expect.stringMatching(/not a DICOM file/) }]);
  });
});

describe('renderForModel', () => {
  it('renders DICOM through the display pipeline and caps the pixel count, keeping the aspect ratio', async () => {
    const bytes = file([], {
      rows: 40,
      columns: 80,
      bitsAllocated: 8,
      values: Array.from({ length: 3200 }, (_, i) => (i % 80 < 40 ? 0 : 200)),
    });
    const image = await renderForModel(bytes, { maxPixels: 800 });
    expect(image).toMatchObject({
      width: 40,
      height: 20,
      format: 'dicom',
      sourceWidth: 80,
      sourceHeight: 40,
    });
    // min-max window: 0 -> black, 200 -> white; grey replicated to RGB.
    expect(Array.from(image.rgb.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(image.rgb.subarray(39 * 3, 40 * 3))).toEqual([255, 255, 255]);
  });

  it('accepts PNG input through the given raster decoder and refuses it without one', async () => {
    const rgba = new Uint8ClampedArray(4 * 4 * 4).fill(255);
    rgba[0] = 10;
    const png = new Uint8Array(encodePng({ width: 4, height: 4, rgba, grayscale: false }));
    const image = await renderForModel(png, { decodeRaster: decodeRasterImage });
    expect(image).toMatchObject({ width: 4, height: 4, format: 'png' });
    expect(Array.from(image.rgb.subarray(0, 3))).toEqual([10, 255, 255]);
    await expect(renderForModel(png)).rejects.toThrow(/no decoder for PNG/);
  });
});

describe('the decoder core is isomorphic', () => {
  it('imports no Node built-ins and no Node-only folders from index.ts', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      const source = readFileSync(path, 'utf8');
      for (const match of source.matchAll(
        /(?:import|export)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g,
      )) {
        const spec = match[1] ?? match[2];
        expect(spec, `${path} imports ${spec}`).not.toMatch(
          /^node:|^(fs|path|os|zlib|crypto|child_process|sharp|pngjs)$/,
        );
        if (spec!.startsWith('.')) {
          const target = resolve(dirname(path), spec!);
          expect(target, `${path} imports ${spec}`).not.toMatch(/\/(node|testing)\//);
          visit(`${target}.ts`);
        }
      }
    };
    visit(join(here, 'index.ts'));
    expect(seen.size).toBeGreaterThan(15);
    expect(readdirSync(join(here, 'node')).length).toBeGreaterThan(0);
  });

  it('reaches the 300 KB table of tag names only through a dynamic import, so a bundle loads it apart', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      const source = readFileSync(path, 'utf8');
      for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
        const target = resolve(dirname(path), match[1]!);
        expect(target, `${path} imports the names statically`).not.toMatch(/standardTags$/);
        visit(`${target}.ts`);
      }
    };
    visit(join(here, 'index.ts'));
    expect([...seen].some((path) => path.endsWith('tagDictionary.ts'))).toBe(true);
    expect([...seen].some((path) => path.endsWith('standardVrs.ts'))).toBe(true);
  });
});
