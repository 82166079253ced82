import { describe, expect, it } from 'vitest';
import type { TagEntry } from '../../../../models/dicom/index';
import { tagMatches, tagRows } from './tagRows';

const entry = (
  tag: string,
  keyword: string,
  name: string,
  value = '',
  items?: TagEntry[][],
): TagEntry => ({
  tag,
  keyword,
  name,
  vr: items ? 'SQ' : 'LO',
  value,
  phi: false,
  ...(items ? { items } : {}),
});

const tags = [
  entry('(0008,0060)', 'Modality', 'Modality', 'CT'),
  entry(
    '(0008,1140)',
    'ReferencedImageSequence',
    'Referenced Image Sequence',
    '<sequence of 1 item(s)>',
    [
      [
        entry(
          '(0008,1150)',
          'ReferencedSOPClassUID',
          'Referenced SOP Class UID',
          '1.2.840.10008.5.1.4.1.1.2',
        ),
      ],
    ],
  ),
  entry('(0010,0010)', 'PatientName', "Patient's Name", 'Test^Patient'),
];

describe('tag browser rows', () => {
  it('finds a tag by "(0010,0010)", "0010,0010", "00100010", keyword, name or value', () => {
    for (const q of ['(0010,0010)', '0010,0010', '00100010', 'patientname', "patient's", 'test^'])
      expect(tagMatches(tags[2]!, q), q).toBe(true);
    expect(tagMatches(tags[0]!, '00100010')).toBe(false);
  });

  it('keeps sequences closed until opened, then lists each item and its attributes indented', () => {
    expect(tagRows(tags, new Set(), '').map((r) => r.key)).toEqual([
      '(0008,0060)',
      '(0008,1140)',
      '(0010,0010)',
    ]);
    const open = tagRows(tags, new Set(['(0008,1140)']), '');
    expect(open.map((r) => [r.depth, r.label ?? r.entry?.tag])).toEqual([
      [0, '(0008,0060)'],
      [0, '(0008,1140)'],
      [1, 'Item 1'],
      [2, '(0008,1150)'],
      [0, '(0010,0010)'],
    ]);
  });

  it('opens a sequence while searching for something inside it and keeps the sequence row for context', () => {
    const rows = tagRows(tags, new Set(), 'ReferencedSOPClass');
    expect(rows.map((r) => r.label ?? r.entry?.tag)).toEqual([
      '(0008,1140)',
      'Item 1',
      '(0008,1150)',
    ]);
  });
});
