import { describe, expect, it } from 'vitest';
import { parseDicom } from './parseDicom';
import { readImageInfo } from './readImageInfo';
import { readWaveform } from './readWaveform';
import { makeTestEcg, testEcgMillivolts } from './testing/makeTestEcg';
import { makeTestSr } from './testing/makeTestSr';

describe('readWaveform', () => {
  it('reads each lead in mV at its sampling frequency, de-interleaved', () => {
    const parsed = parseDicom(makeTestEcg());
    expect(readImageInfo(parsed).isImage).toBe(false);
    const [group] = readWaveform(parsed)!;
    expect(group!.samplingFrequency).toBe(500);
    expect(group!.label).toBe('RHYTHM');
    expect(group!.channels.map((c) => [c.label, c.unit, c.values.length])).toEqual([
      ['Lead I', 'mV', 1000],
      ['Lead II', 'mV', 1000],
    ]);
    for (const [lead, channel] of group!.channels.entries())
      for (const s of [0, 125, 250, 333, 999])
        // Quantised to 5 µV steps.
        expect(channel.values[s]).toBeCloseTo(testEcgMillivolts(lead as 0 | 1, s / 500), 2);
  });

  it('returns nothing for an object without a Waveform Sequence', () => {
    expect(readWaveform(parseDicom(makeTestSr()))).toBeUndefined();
  });
});
