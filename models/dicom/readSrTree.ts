import type { DataSet, ParsedDicom } from './parseDicom';
import { readString } from './internal/readValues';
import { sopClassOf } from './uids';

/** One content item of a Structured Report (PS3.3 C.17.3), with its children. */
export interface SrNode {
  /** Relationship Type (0040,A010) to the parent, e.g. CONTAINS, HAS PROPERTIES; none at the root. */
  relationship?: string;
  /** Value Type (0040,A040): CONTAINER, TEXT, CODE, NUM, DATE, PNAME, IMAGE, … */
  valueType: string;
  /** Concept Name Code Sequence (0040,A043): the code meaning, e.g. "Finding". */
  concept?: string;
  /** The item's value as text (a number with its units, a code meaning, a date, …). */
  value?: string;
  children: SrNode[];
}

export interface SrDocument {
  /** The document title: the root container's concept name. */
  title: string;
  sopClassName: string;
  completion?: string;
  verification?: string;
  root: SrNode;
}

/** Deeper trees are cut here: a hostile file cannot recurse without end. */
const MAX_DEPTH = 64;

const items = (ds: DataSet, tag: string): DataSet[] =>
  (ds.elements[tag]?.items ?? []).flatMap((item) => (item.dataSet ? [item.dataSet] : []));

/** The Code Meaning (0008,0104) of the first item of a code sequence, else its code value. */
function codeMeaning(ds: DataSet, tag: string): string | undefined {
  const code = items(ds, tag)[0];
  if (!code) return undefined;
  return readString(code, 'x00080104') || readString(code, 'x00080100') || undefined;
}

/** DA (YYYYMMDD) as YYYY-MM-DD, TM (HHMMSS) as HH:MM:SS (PS3.5 6.2). */
const date = (da: string) =>
  /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da;
const time = (tm: string) =>
  /^\d{4,6}/.test(tm)
    ? [tm.slice(0, 2), tm.slice(2, 4), tm.slice(4, 6)].filter(Boolean).join(':')
    : tm;

function valueOf(ds: DataSet, valueType: string): string | undefined {
  switch (valueType) {
    case 'TEXT':
      return readString(ds, 'x0040a160');
    case 'CODE':
      return codeMeaning(ds, 'x0040a168');
    case 'NUM': {
      const measured = items(ds, 'x0040a300')[0];
      if (!measured) return undefined;
      const number = readString(measured, 'x0040a30a');
      // UCUM units: the code value ("mm") reads better than most meanings ("millimeter").
      const unitsItem = items(measured, 'x004008ea')[0];
      const units = unitsItem
        ? readString(unitsItem, 'x00080100') || readString(unitsItem, 'x00080104')
        : undefined;
      return [number, units && units !== '1' ? units : undefined].filter(Boolean).join(' ');
    }
    case 'DATE':
      return date(readString(ds, 'x0040a121') ?? '');
    case 'TIME':
      return time(readString(ds, 'x0040a122') ?? '');
    case 'DATETIME':
      return readString(ds, 'x0040a120');
    case 'PNAME':
      return readString(ds, 'x0040a123')?.replace(/\^+/g, ' ').trim();
    case 'UIDREF':
      return readString(ds, 'x0040a124');
    case 'IMAGE':
    case 'COMPOSITE':
    case 'WAVEFORM': {
      const ref = items(ds, 'x00081199')[0];
      if (!ref) return undefined;
      const sopClass = readString(ref, 'x00081150') ?? '';
      return `${sopClassOf(sopClass).name || sopClass} ${readString(ref, 'x00081155') ?? ''}`.trim();
    }
    case 'SCOORD':
    case 'SCOORD3D':
      return readString(ds, 'x00700023');
    default:
      return undefined;
  }
}

function readNode(ds: DataSet, depth: number): SrNode {
  const valueType = readString(ds, 'x0040a040') ?? 'UNKNOWN';
  const relationship = readString(ds, 'x0040a010');
  const concept = codeMeaning(ds, 'x0040a043');
  const value = valueOf(ds, valueType);
  const children =
    depth < MAX_DEPTH ? items(ds, 'x0040a730').map((child) => readNode(child, depth + 1)) : [];
  return {
    ...(relationship ? { relationship } : {}),
    valueType,
    ...(concept ? { concept } : {}),
    ...(value ? { value } : {}),
    children,
  };
}

/**
 * The content tree of a DICOM Structured Report (PS3.3 C.17.3 SR Document
 * Content): the root container and every content item below it, in order.
 * Returns undefined for an object that is not an SR document (no Value Type
 * at the top level).
 */
export function readSrTree(parsed: ParsedDicom): SrDocument | undefined {
  const ds = parsed.dataSet;
  if (readString(ds, 'x0040a040') === undefined) return undefined;
  const root = readNode(ds, 0);
  const sopClassUID = readString(ds, 'x00080016') ?? '';
  return {
    title: root.concept ?? 'Structured report',
    sopClassName: sopClassOf(sopClassUID).name || sopClassUID,
    ...(readString(ds, 'x0040a491') ? { completion: readString(ds, 'x0040a491') } : {}),
    ...(readString(ds, 'x0040a493') ? { verification: readString(ds, 'x0040a493') } : {}),
    root,
  };
}
