import { syntaxes, writeDicom, type ElementSpec } from './writeDicom';

const code = (value: string, scheme: string, meaning: string): ElementSpec[] => [
  { tag: 0x00080100, vr: 'SH', value },
  { tag: 0x00080102, vr: 'SH', value: scheme },
  { tag: 0x00080104, vr: 'LO', value: meaning },
];
const concept = (value: string, meaning: string): ElementSpec => ({
  tag: 0x0040a043,
  vr: 'SQ',
  value: [code(value, 'DCM', meaning)],
});
const sorted = (elements: ElementSpec[]) => [...elements].sort((a, b) => a.tag - b.tag);

const item = (relationship: string, valueType: string, elements: ElementSpec[]): ElementSpec[] =>
  sorted([
    { tag: 0x0040a010, vr: 'CS', value: relationship },
    { tag: 0x0040a040, vr: 'CS', value: valueType },
    ...elements,
  ]);

/**
 * A small Basic Text / Enhanced SR document (PS3.3 A.35.1): a report
 * container with a text finding, a coded impression, a measurement in mm
 * under a findings container, and an observation date.
 */
export function makeTestSr(): Uint8Array {
  const measurement = item('CONTAINS', 'NUM', [
    concept('121206', 'Distance'),
    {
      tag: 0x0040a300,
      vr: 'SQ',
      value: [
        sorted([
          { tag: 0x004008ea, vr: 'SQ', value: [code('mm', 'UCUM', 'millimeter')] },
          { tag: 0x0040a30a, vr: 'DS', value: '7.5' },
        ]),
      ],
    },
  ]);
  const findings = item('CONTAINS', 'CONTAINER', [
    concept('121070', 'Findings'),
    { tag: 0x0040a050, vr: 'CS', value: 'SEPARATE' },
    {
      tag: 0x0040a730,
      vr: 'SQ',
      value: [
        item('CONTAINS', 'TEXT', [
          concept('121071', 'Finding'),
          { tag: 0x0040a160, vr: 'UT', value: 'Solid nodule in the right upper lobe.' },
        ]),
        measurement,
      ],
    },
  ]);
  const impression = item('CONTAINS', 'CODE', [
    concept('121073', 'Impression'),
    { tag: 0x0040a168, vr: 'SQ', value: [code('121074', 'DCM', 'Follow-up recommended')] },
  ]);
  const observed = item('HAS OBS CONTEXT', 'DATE', [
    concept('111060', 'Study Date'),
    { tag: 0x0040a121, vr: 'DA', value: '20261130' },
  ]);
  const sopInstance = '1.2.826.0.1.3680043.10.1.88.1';
  const elements = sorted([
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.88.22' },
    { tag: 0x00080018, vr: 'UI', value: sopInstance },
    { tag: 0x00080020, vr: 'DA', value: '20261130' },
    { tag: 0x00080023, vr: 'DA', value: '20261130' },
    { tag: 0x00080030, vr: 'TM', value: '101500' },
    { tag: 0x00080033, vr: 'TM', value: '102000' },
    { tag: 0x00080050, vr: 'SH', value: 'ACC1' },
    { tag: 0x00080060, vr: 'CS', value: 'SR' },
    { tag: 0x00080090, vr: 'PN', value: '' },
    { tag: 0x00100010, vr: 'PN', value: 'Test^Patient' },
    { tag: 0x00100020, vr: 'LO', value: 'P1' },
    { tag: 0x00100030, vr: 'DA', value: '' },
    { tag: 0x00100040, vr: 'CS', value: 'O' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.88.2' },
    { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.88.3' },
    { tag: 0x00200010, vr: 'SH', value: '1' },
    { tag: 0x00200011, vr: 'IS', value: '1' },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    concept('18748-4', 'Chest CT report'),
    { tag: 0x0040a050, vr: 'CS', value: 'SEPARATE' },
    { tag: 0x0040a491, vr: 'CS', value: 'COMPLETE' },
    { tag: 0x0040a493, vr: 'CS', value: 'UNVERIFIED' },
    { tag: 0x0040a730, vr: 'SQ', value: [observed, findings, impression] },
  ]);
  return writeDicom({ transferSyntaxUID: syntaxes.explicitLE, elements });
}
