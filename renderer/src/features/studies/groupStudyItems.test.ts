import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { syntaxes, writeDicom } from '../../../../models/dicom/testing/writeDicom';
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

describe('groupStudyItems', () => {
  it('groups slices into one series ordered along the slice normal, and explains files it cannot show', () => {
    const items = [
      { id: 'a', kind: 'dicom', bytes: slice(3, 7.5) },
      { id: 'b', kind: 'dicom', bytes: slice(1, 2.5) },
      { id: 'c', kind: 'dicom', bytes: slice(2, 5) },
      { id: 'bad', kind: 'dicom', bytes: corrupt },
      { id: 'sr', kind: 'dicom', bytes: report },
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
    expect(problems.bad).toMatch(/^This DICOM file cannot be read: /);
    expect(problems.sr).toMatch(/^This DICOM object holds no image \(.*SR.*\)\.$/i);
    expect(Object.keys(problems).sort()).toEqual(['bad', 'sr']);
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
