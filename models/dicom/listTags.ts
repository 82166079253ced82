import type { ParsedDicom, DataSet, Element } from './parseDicom';
import { isPhiTag } from './phiTags';
import type { TagDictionary } from './tagDictionary';

export interface TagEntry {
  /** "(GGGG,EEEE)" */
  tag: string;
  name: string;
  /** The PS3.6 keyword (PatientName), empty for private and unknown tags. */
  keyword: string;
  vr: string;
  /** Printable value, shortened; binary values as "<N bytes>". */
  value: string;
  phi: boolean;
  /** A sequence's items, each a list of its attributes (filtered like the top level). */
  items?: TagEntry[][];
}

/** Sequences deeper than this are listed by item count only. */
const MAX_LIST_DEPTH = 8;

const MAX_VALUE_LENGTH = 256;
const textVrs = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);

/**
 * The attributes of a data set in tag order, sequences with their items.
 * Without `phi`, tags that may identify the patient and private tags
 * (phiTags.ts) are left out, at every depth; `hiddenPhi` counts them so a UI
 * can say that something is hidden. Names come from `dictionary`
 * (loadTagDictionary, loaded on first use as it is large).
 */
export function listTags(
  parsed: ParsedDicom,
  { phi, dictionary }: { phi: boolean; dictionary: TagDictionary },
): { tags: TagEntry[]; hiddenPhi: number } {
  const counter = { hidden: 0 };
  const tags = listDataSet(parsed.dataSet, { phi, dictionary }, counter, 0);
  return { tags, hiddenPhi: counter.hidden };
}

function listDataSet(
  ds: DataSet,
  options: { phi: boolean; dictionary: TagDictionary },
  counter: { hidden: number },
  depth: number,
): TagEntry[] {
  const tags: TagEntry[] = [];
  for (const key of Object.keys(ds.elements).sort()) {
    const element = ds.elements[key]!;
    const hex = key.slice(1).toUpperCase();
    const isPhi = isPhiTag(hex);
    if (isPhi && !options.phi) {
      counter.hidden++;
      continue;
    }
    const known = options.dictionary.get(hex);
    const group = parseInt(hex.slice(0, 4), 16);
    const vr = element.vr ?? known?.vr ?? 'UN';
    const entry: TagEntry = {
      tag: `(${hex.slice(0, 4)},${hex.slice(4)})`,
      name:
        known?.name ??
        (group % 2 === 1
          ? 'Private tag'
          : hex.slice(4) === '0000'
            ? 'Group Length'
            : 'Unknown tag'),
      keyword: known?.keyword ?? '',
      vr,
      value: formatValue(ds, element, vr),
      phi: isPhi,
    };
    if (element.items && depth < MAX_LIST_DEPTH)
      entry.items = element.items.map((item) =>
        item.dataSet ? listDataSet(item.dataSet, options, counter, depth + 1) : [],
      );
    tags.push(entry);
  }
  return tags;
}

function formatValue(ds: DataSet, element: Element, vr: string): string {
  const tag = element.tag;
  if (element.items) return `<sequence of ${element.items.length} item(s)>`;
  if (element.fragments) return `<encapsulated, ${element.fragments.length} fragment(s)>`;
  if (element.length === 0) return '';
  const numbers = (size: number, read: (i: number) => number | undefined) => {
    const count = Math.min(Math.floor(element.length / size), 16);
    const values = Array.from({ length: count }, (_, i) => read(i));
    return values.join('\\') + (element.length / size > count ? '\\...' : '');
  };
  switch (vr) {
    case 'US':
      return numbers(2, (i) => ds.uint16(tag, i));
    case 'SS':
      return numbers(2, (i) => ds.int16(tag, i));
    case 'UL':
      return numbers(4, (i) => ds.uint32(tag, i));
    case 'SL':
      return numbers(4, (i) => ds.int32(tag, i));
    case 'FL':
      return numbers(4, (i) => ds.float(tag, i));
    case 'FD':
      return numbers(8, (i) => ds.double(tag, i));
    case 'AT': {
      const group = ds.uint16(tag, 0) ?? 0;
      const el = ds.uint16(tag, 1) ?? 0;
      return `(${hex4(group)},${hex4(el)})`;
    }
  }
  if (
    textVrs.has(vr) ||
    (vr === 'UN' && element.length <= MAX_VALUE_LENGTH && isPrintable(ds.byteArray, element))
  ) {
    const text = (ds.text(tag) ?? '').replace(/\0+$/, '').trim();
    return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}...` : text;
  }
  return `<${element.length} bytes>`;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

function isPrintable(bytes: Uint8Array, element: Element): boolean {
  const end = Math.min(element.dataOffset + element.length, bytes.length);
  for (let i = element.dataOffset; i < end; i++) {
    const b = bytes[i]!;
    if ((b < 0x20 || b > 0x7e) && b !== 0) return false;
  }
  return true;
}
