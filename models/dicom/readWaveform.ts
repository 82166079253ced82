import { DicomError } from './DicomError';
import type { DataSet, ParsedDicom } from './parseDicom';
import { readNumberList, readString, readUint16 } from './internal/readValues';

/** One channel (an ECG lead) in physical units. */
export interface WaveformChannel {
  /** Channel Source (003A,0208) code meaning, e.g. "Lead I", else "Channel N". */
  label: string;
  /** "mV" for voltages given in µV, mV or V; otherwise the file's unit code. */
  unit: string;
  values: Float32Array;
}

/** A multiplex group (PS3.3 C.10.9.1): channels sampled together. */
export interface WaveformGroup {
  label?: string;
  /** Sampling Frequency (003A,001A) in Hz. */
  samplingFrequency: number;
  channels: WaveformChannel[];
}

/** Limits that keep a hostile header from asking for gigabytes. */
const MAX_SAMPLES = 50_000_000;

const items = (ds: DataSet, tag: string): DataSet[] =>
  (ds.elements[tag]?.items ?? []).flatMap((item) => (item.dataSet ? [item.dataSet] : []));

const codeMeaning = (ds: DataSet, tag: string) => {
  const code = items(ds, tag)[0];
  return code ? readString(code, 'x00080104') || readString(code, 'x00080100') : undefined;
};

/** Factor from the sensitivity unit (UCUM code, PS3.16 CID 3082) to mV. */
const TO_MILLIVOLT: Record<string, number> = { uV: 0.001, mV: 1, V: 1000 };

/**
 * Reads the Waveform Module (PS3.3 C.10.9) of an ECG or other waveform
 * object: each multiplex group's channels as physical values, sample =
 * (stored + Channel Baseline) × Channel Sensitivity × Correction Factor,
 * voltages in mV. Returns undefined for an object without a Waveform Sequence.
 */
export function readWaveform(parsed: ParsedDicom): WaveformGroup[] | undefined {
  const groups = items(parsed.dataSet, 'x54000100');
  if (groups.length === 0) return undefined;
  if (parsed.transferSyntax.uid === '1.2.840.10008.1.2.2')
    throw new DicomError('readWaveform', 'big endian waveform data is not supported');
  return groups.map((group, g) => readGroup(group, g));
}

function readGroup(group: DataSet, index: number): WaveformGroup {
  const channelCount = readUint16(group, 'x003a0005') ?? 0;
  const sampleCount = group.uint32('x003a0010') ?? 0;
  const samplingFrequency = readNumberList(group, 'x003a001a')[0] ?? 0;
  const bits = readUint16(group, 'x54001004') ?? 16;
  const interpretation = readString(group, 'x54001006') ?? 'SS';
  const data = group.elements.x54001010;
  if (!data) throw new DicomError('readWaveform', `group ${index + 1} has no Waveform Data`);
  if (channelCount === 0 || sampleCount === 0 || !(samplingFrequency > 0))
    throw new DicomError(
      'readWaveform',
      `group ${index + 1} has no channels, samples or frequency`,
    );
  if (channelCount * sampleCount > MAX_SAMPLES)
    throw new DicomError(
      'readWaveform',
      `group ${index + 1} is larger than ${MAX_SAMPLES} samples`,
    );
  const bytesPerSample = bits / 8;
  if (![1, 2, 4].includes(bytesPerSample))
    throw new DicomError('readWaveform', `Waveform Bits Allocated ${bits} is not supported`);
  if (data.length < channelCount * sampleCount * bytesPerSample)
    throw new DicomError(
      'readWaveform',
      `group ${index + 1}: Waveform Data is shorter than declared`,
    );
  const view = new DataView(
    group.byteArray.buffer,
    group.byteArray.byteOffset + data.dataOffset,
    data.length,
  );
  // Sample interpretation (PS3.3 C.10.9.1.5): SB/UB 8-bit, SS/US 16-bit, SL/UL 32-bit.
  const read = (at: number): number => {
    if (bytesPerSample === 1) return interpretation === 'SB' ? view.getInt8(at) : view.getUint8(at);
    if (bytesPerSample === 2)
      return interpretation === 'US' ? view.getUint16(at, true) : view.getInt16(at, true);
    return interpretation === 'UL' ? view.getUint32(at, true) : view.getInt32(at, true);
  };
  const definitions = items(group, 'x003a0200');
  const channels: WaveformChannel[] = [];
  for (let c = 0; c < channelCount; c++) {
    const def = definitions[c];
    const sensitivity = def ? (readNumberList(def, 'x003a0210')[0] ?? 1) : 1;
    const correction = def ? (readNumberList(def, 'x003a0212')[0] ?? 1) : 1;
    const baseline = def ? (readNumberList(def, 'x003a0213')[0] ?? 0) : 0;
    const unitCode = def ? readString(items(def, 'x003a0211')[0] ?? def, 'x00080100') : undefined;
    const toMv = unitCode ? TO_MILLIVOLT[unitCode] : undefined;
    const factor = sensitivity * correction * (toMv ?? 1);
    const values = new Float32Array(sampleCount);
    // Samples are interleaved: all channels of sample 0, then of sample 1, …
    for (let s = 0; s < sampleCount; s++)
      values[s] = (read((s * channelCount + c) * bytesPerSample) + baseline) * factor;
    channels.push({
      label: (def && codeMeaning(def, 'x003a0208')) || `Channel ${c + 1}`,
      unit: toMv !== undefined ? 'mV' : (unitCode ?? ''),
      values,
    });
  }
  const label = readString(group, 'x003a0020');
  return { ...(label ? { label } : {}), samplingFrequency, channels };
}
