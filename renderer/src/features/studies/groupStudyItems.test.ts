import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { makeTestImage } from '../../../../models/dicom/testing/makeTestImage';
import {
  syntaxes,
  writeDicom,
  type ElementSpec,
} from '../../../../models/dicom/testing/writeDicom';
import { nearestFrame } from '../viewer/nearestFrame';
import { ctSlice } from '../viewer/testing/ctSlice';
import { groupStudyItems } from './groupStudyItems';
import { createStudiesSlice, type StudiesSlice } from './studiesSlice';
import { studyEntries } from './studyEntries';

const slice = (instance: number, z: number) =>
  ctSlice({
    instance,
    extra: [
      { tag: 0x00200032, vr: 'DS', value: [0, 0, z] },
      { tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] },
    ],
  });
const frameOfReference: ElementSpec = {
  tag: 0x00200052,
  vr: 'UI',
  value: '1.2.826.0.1.3680043.10.1.99',
};

/**
 * An Enhanced CT series of one file: no top-level position or orientation,
 * the plane in the Shared groups, each frame's position in its Per-frame item.
 */
function enhancedCtSeries(zs: number[]): Uint8Array {
  const image = makeTestImage({ rows: 4, columns: 4, bitsStored: 12, frames: zs.length });
  const perFrame: ElementSpec[][] = zs.map((z) => [
    {
      tag: 0x00209113,
      vr: 'SQ',
      value: [[{ tag: 0x00200032, vr: 'DS', value: [0, 0, z] }]],
    },
  ]);
  const shared: ElementSpec[][] = [
    [
      {
        tag: 0x00209116,
        vr: 'SQ',
        value: [[{ tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] }]],
      },
    ],
  ];
  const elements = image.elements
    .filter((e) => e.tag !== 0x00080016 && e.tag !== 0x0020000e)
    .concat([
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2.1' },
      { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.5' },
      { tag: 0x00200011, vr: 'IS', value: '2' },
      frameOfReference,
      { tag: 0x52009229, vr: 'SQ', value: shared },
      { tag: 0x52009230, vr: 'SQ', value: perFrame },
    ]);
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements,
    pixelData: { kind: 'native', vr: 'OW', bytes: image.bytes },
  });
}

const corrupt = Uint8Array.from([
  ...new Uint8Array(128),
  0x44,
  0x49,
  0x43,
  0x4d,
  2,
  0,
  1,
  0,
  0xff,
  0xff,
]);
const report = writeDicom({
  transferSyntaxUID: syntaxes.explicitLE,
  elements: [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.11' },
    { tag: 0x00080060, vr: 'CS', value: 'SR' },
  ],
});

// A JPEG XL image (PS3.5 Table A-4), which the decoder has no codec for.
const jpegXl = writeDicom({
  transferSyntaxUID: '1.2.840.10008.1.2.4.110',
  elements: [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.78.1' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: 8 },
    { tag: 0x00280011, vr: 'US', value: 8 },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x00280101, vr: 'US', value: 16 },
    { tag: 0x00280102, vr: 'US', value: 15 },
    { tag: 0x00280103, vr: 'US', value: 1 },
  ],
  pixelData: { kind: 'encapsulated', frames: [new Uint8Array([0xff, 0x0a, 1, 2, 3, 4])] },
});

describe('groupStudyItems', () => {
  it('groups slices into one series ordered along the slice normal, and explains files it cannot show', () => {
    const items = [
      { id: 'a', kind: 'dicom', bytes: slice(3, 7.5) },
      { id: 'b', kind: 'dicom', bytes: slice(1, 2.5) },
      { id: 'c', kind: 'dicom', bytes: slice(2, 5) },
      { id: 'bad', kind: 'dicom', bytes: corrupt },
      { id: 'sr', kind: 'dicom', bytes: report },
      { id: 'jxl', kind: 'dicom', bytes: jpegXl },
      { id: 'png', kind: 'png', bytes: new Uint8Array(4) },
    ];
    const { series, problems } = groupStudyItems(items);
    expect(series).toHaveLength(1);
    expect(series[0]!.modality).toBe('CT');
    expect(series[0]!.frames.map((f) => [f.itemId, f.instanceNumber])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
    // Sentences about the file; the decoder's own words only as the detail.
    expect(problems.bad).toMatchObject({
      kind: 'unreadable',
      message: 'This file is damaged or incomplete, so it cannot be read.',
      detail: expect.stringMatching(/parseDicom/),
    });
    expect(problems.bad!.message).not.toMatch(/parseDicom|dicomParser/);
    expect(problems.sr).toMatchObject({ kind: 'no-image' });
    expect(problems.sr!.message).toMatch(/^This DICOM object holds no image: it is a .*SR.*\.$/i);
    expect(problems.jxl).toMatchObject({
      kind: 'unreadable',
      message: expect.stringMatching(/compressed as JPEG XL.*cannot decode yet/),
      detail: 'Transfer Syntax UID 1.2.840.10008.1.2.4.110',
    });
    expect(Object.keys(problems).sort()).toEqual(['bad', 'jxl', 'sr']);
  });
});

describe('synchronised scrolling positions', () => {
  it('places each frame of an enhanced multi-frame object at its own per-frame position, so it lines up with a single-frame prior', () => {
    const prior = (instance: number, z: number) =>
      ctSlice({
        instance,
        extra: [
          { tag: 0x00200032, vr: 'DS', value: [0, 0, z] },
          { tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] },
          { tag: 0x00200011, vr: 'IS', value: '1' },
          frameOfReference,
        ],
      });
    const { series } = groupStudyItems([
      { id: 'p1', kind: 'dicom', bytes: prior(1, 0) },
      { id: 'p2', kind: 'dicom', bytes: prior(2, 5) },
      { id: 'p3', kind: 'dicom', bytes: prior(3, 10) },
      { id: 'p4', kind: 'dicom', bytes: prior(4, 15) },
      { id: 'mf', kind: 'dicom', bytes: enhancedCtSeries([4, 9, 14.5]) },
    ]);
    expect(series).toHaveLength(2);
    const [single, multi] = series;
    expect(single!.frameOfReferenceUID).toBe(multi!.frameOfReferenceUID);
    expect(multi!.frames.map((f) => [f.itemId, f.frame, f.position])).toEqual([
      ['mf', 0, 4],
      ['mf', 1, 9],
      ['mf', 2, 14.5],
    ]);
    // Scrolling the multi-frame series to each frame moves the prior to the nearest slice, and back.
    expect(multi!.frames.map((f) => nearestFrame(single!.frames, f.position!))).toEqual([1, 2, 3]);
    expect(single!.frames.map((f) => nearestFrame(multi!.frames, f.position!))).toEqual([
      0, 0, 1, 2,
    ]);
  });

  it('finds no nearest frame in a series without positions', () => {
    expect(nearestFrame([{ itemId: 'x', frame: 0 }], 3)).toBe(-1);
  });
});

describe('studiesSlice', () => {
  it('selects the series of the first opened slice, lists other files apart, and removes a series with its files', () => {
    const store = create<StudiesSlice>()((...a) => createStudiesSlice(...a));
    store.getState().addFiles([
      { name: 's2.dcm', bytes: new Uint8Array(slice(2, 5)) },
      { name: 's1.dcm', bytes: new Uint8Array(slice(1, 2.5)) },
      { name: 'broken.dcm', bytes: corrupt },
    ]);
    const { series, items, selectedId, itemProblems } = store.getState();
    expect(selectedId).toBe(series[0]!.key);
    const entries = studyEntries(items, series);
    expect(entries.map((e) => e.kind)).toEqual(['series', 'item']);
    expect(entries[1]!.kind === 'item' && entries[1]!.item.name).toBe('broken.dcm');
    expect(Object.values(itemProblems)).toHaveLength(1);
    store.getState().removeItem(series[0]!.key);
    expect(store.getState().items.map((i) => i.name)).toEqual(['broken.dcm']);
    expect(store.getState().series).toEqual([]);
    expect(store.getState().selectedId).toBe(store.getState().items[0]!.id);
  });
});
