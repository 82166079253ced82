import type { DataSet } from '../parseDicom';
import { DicomError } from '../DicomError';

/** WHATWG encoding labels for the single-byte and multi-byte Specific Character Sets (PS3.3 C.12.1.1.2). */
const ENCODINGS: Record<string, string> = {
  '': 'windows-1252',
  ISO_IR_6: 'windows-1252',
  ISO_IR_100: 'windows-1252',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'windows-1254',
  ISO_IR_166: 'windows-874',
  ISO_IR_13: 'shift_jis',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/**
 * A reader of a source data set's text values as Unicode, so they can be
 * copied into a UTF-8 ("ISO_IR 192") data set without losing characters. A
 * character set it cannot decode (ISO 2022 code extensions) is an error
 * rather than a silent mangling of the patient's name.
 */
export function sourceText(dataSet: DataSet): (tag: string) => string | undefined {
  const declared = (dataSet.string('x00080005') ?? '').split('\\')[0]!.trim().replace(/ /g, '_');
  const label = ENCODINGS[declared];
  if (!label) {
    throw new DicomError(
      'buildReasoningSr',
      `the source's Specific Character Set '${declared}' is not supported for copying`,
    );
  }
  const decoder = new TextDecoder(label);
  return (tag) => {
    const element = dataSet.elements[tag];
    if (!element) return undefined;
    const bytes = dataSet.byteArray.subarray(
      element.dataOffset,
      element.dataOffset + element.length,
    );
    return decoder
      .decode(bytes)
      .replace(/[\0 ]+$/, '')
      .replace(/^ +/, '');
  };
}
