import { syntaxes, writeDicom, type ElementSpec } from './writeDicom';

const code = (value: string, scheme: string, meaning: string): ElementSpec[] => [
  { tag: 0x00080100, vr: 'SH', value },
  { tag: 0x00080102, vr: 'SH', value: scheme },
  { tag: 0x00080104, vr: 'LO', value: meaning },
];

/** The test leads' values in mV at time t (s): a 1 Hz sine of 1 mV on Lead I, a 2 Hz one of 0.5 mV on Lead II. */
export const testEcgMillivolts = (lead: 0 | 1, t: number) =>
  lead === 0 ? Math.sin(2 * Math.PI * t) : 0.5 * Math.sin(4 * Math.PI * t);

/**
 * A 12-lead ECG Waveform object (PS3.3 A.34.3) with two leads, 500 Hz for
 * 2 s, 16-bit signed samples at 5 µV per unit (sensitivity 5 uV).
 */
export function makeTestEcg({ frequency = 500, seconds = 2 } = {}): Uint8Array {
  const samples = frequency * seconds;
  const data = new Uint8Array(samples * 2 * 2);
  const view = new DataView(data.buffer);
  for (let s = 0; s < samples; s++)
    for (const lead of [0, 1] as const)
      view.setInt16(
        (s * 2 + lead) * 2,
        Math.round((testEcgMillivolts(lead, s / frequency) * 1000) / 5),
        true,
      );
  const channel = (meaning: string, value: string): ElementSpec[] => [
    { tag: 0x003a0208, vr: 'SQ', value: [code(value, 'MDC', meaning)] },
    { tag: 0x003a0210, vr: 'DS', value: '5' },
    { tag: 0x003a0211, vr: 'SQ', value: [code('uV', 'UCUM', 'microvolt')] },
    { tag: 0x003a0212, vr: 'DS', value: '1' },
    { tag: 0x003a0213, vr: 'DS', value: '0' },
    { tag: 0x003a021a, vr: 'US', value: 16 },
  ];
  const sopInstance = '1.2.826.0.1.3680043.10.1.89.1';
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.9.1.1' },
      { tag: 0x00080018, vr: 'UI', value: sopInstance },
      { tag: 0x00080060, vr: 'CS', value: 'ECG' },
      { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.89.2' },
      { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.1.89.3' },
      {
        tag: 0x54000100,
        vr: 'SQ',
        value: [
          [
            { tag: 0x003a0004, vr: 'CS', value: 'ORIGINAL' },
            { tag: 0x003a0005, vr: 'US', value: 2 },
            { tag: 0x003a0010, vr: 'UL', value: samples },
            { tag: 0x003a001a, vr: 'DS', value: String(frequency) },
            { tag: 0x003a0020, vr: 'SH', value: 'RHYTHM' },
            {
              tag: 0x003a0200,
              vr: 'SQ',
              value: [channel('Lead I', '5.6.3-9-1'), channel('Lead II', '5.6.3-9-2')],
            },
            { tag: 0x54001004, vr: 'US', value: 16 },
            { tag: 0x54001006, vr: 'CS', value: 'SS' },
            { tag: 0x54001010, vr: 'OW', value: data },
          ],
        ],
      },
    ],
  });
}
