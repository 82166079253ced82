import { createHmac, randomBytes } from 'node:crypto';
import { basicProfile, removedGroup, resolveAction } from './basicProfile';
import { readPart10, tagKey, textValue, writeRawPart10, type RawElement } from './dicomDataSet';

/**
 * Replaces UIDs by new ones, the same old UID always by the same new one
 * within one map (one bundle), so references between the bundle's files
 * still resolve (PS3.15 E.1.1, action U). A new UID is "2.25." and the
 * decimal value of a UUID (PS3.5 B.2) made from an HMAC of the old UID with a
 * random per-map key, so two bundles of the same study cannot be linked and
 * the old UID cannot be recovered by guessing.
 */
export class UidMap {
  private readonly map = new Map<string, string>();
  constructor(private readonly key: Uint8Array = randomBytes(32)) {}

  replace(uid: string): string {
    const existing = this.map.get(uid);
    if (existing) return existing;
    const digest = createHmac('sha256', this.key).update(uid).digest().subarray(0, 16);
    // RFC 9562 version 8 (custom) UUID: version nibble 8, variant bits 10.
    digest[6] = (digest[6]! & 0x0f) | 0x80;
    digest[8] = (digest[8]! & 0x3f) | 0x80;
    const replaced = `2.25.${BigInt(`0x${digest.toString('hex')}`).toString(10)}`;
    this.map.set(uid, replaced);
    return replaced;
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * UIDs that name a class or an encoding rather than an instance or a person's
 * study, kept as they are: SOP classes, transfer syntaxes, coding schemes
 * (PS3.15 E.1.1 replaces instance UIDs only). Values under the DICOM root
 * 1.2.840.10008 are all such well-known UIDs (PS3.6 Annex A).
 */
const CLASS_UIDS = new Set([
  '00020002', // Media Storage SOP Class UID
  '00020010', // Transfer Syntax UID
  '00080016', // SOP Class UID
  '00081150', // Referenced SOP Class UID
  '0008001A', // Related General SOP Class UID
  '0008001B', // Original Specialized SOP Class UID
  '00080062', // SOP Classes in Study
  '0008010C', // Coding Scheme UID
  '00041510', // Referenced SOP Class UID in File
  '00041512', // Referenced Transfer Syntax UID in File
]);

/** Implementation Class UID of files this writer produces (PS3.7 D.3.3.2), UUID-derived (PS3.5 B.2). */
const IMPLEMENTATION_CLASS_UID = '2.25.307110628448641163570773829584872758508';
const IMPLEMENTATION_VERSION = 'MMX_DEID_1';

const DUMMY_TEXT: Record<string, string> = {
  AE: 'ANONYMOUS',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DT: '19000101000000',
  TM: '000000',
  DS: '0',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  UC: 'ANONYMIZED',
  UT: 'ANONYMIZED',
  PN: 'ANONYMIZED^ANONYMIZED',
};
const DUMMY_BINARY: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };

function dummy(vr: string): Uint8Array {
  const text = DUMMY_TEXT[vr];
  if (text !== undefined) return textValue(text, vr);
  return new Uint8Array(DUMMY_BINARY[vr] ?? 0);
}

function text(value: Uint8Array): string {
  return new TextDecoder().decode(value).replace(/[\0 ]+$/, '');
}

function replaceUids(element: RawElement, uids: UidMap): RawElement {
  const values = text(element.value).split('\\');
  const replaced = values.map((v) =>
    v === '' || v.startsWith('1.2.840.10008.') ? v : uids.replace(v.trim()),
  );
  return { ...element, value: textValue(replaced.join('\\'), 'UI') };
}

function clean(elements: readonly RawElement[], uids: UidMap): RawElement[] {
  const out: RawElement[] = [];
  for (const element of elements) {
    const group = element.tag >>> 16;
    if (removedGroup(group)) continue;
    // Group lengths in a data set are retired (PS3.5 7.2) and would be wrong after this.
    if ((element.tag & 0xffff) === 0) continue;
    const key = tagKey(element.tag);
    const entry = basicProfile.get(key);
    const action = entry ? resolveAction(entry.action) : 'K';
    const vr = element.vr ?? entry?.vr ?? 'UN';
    if (action === 'X') continue;
    if (action === 'Z') {
      out.push({
        ...element,
        value: new Uint8Array(0),
        items: element.items ? [] : null,
        encapsulated: false,
      });
      continue;
    }
    if (action === 'D') {
      out.push(
        element.items
          ? { ...element, items: [] }
          : vr === 'UI'
            ? replaceUids(element, uids)
            : { ...element, value: dummy(vr) },
      );
      continue;
    }
    if (element.items) {
      out.push({ ...element, items: element.items.map((item) => clean(item, uids)) });
      continue;
    }
    if (vr === 'UI' && !CLASS_UIDS.has(key)) {
      out.push(replaceUids(element, uids));
      continue;
    }
    out.push(element);
  }
  return out;
}

function element(tag: number, vr: string, value: string): RawElement {
  return { tag, vr, value: textValue(value, vr), items: null, encapsulated: false };
}

export interface DeidentifiedDicom {
  bytes: Uint8Array;
  /** Sentences for the user: what the profile cannot do for this file. */
  warnings: string[];
}

/**
 * De-identifies one DICOM file with the Basic Application Level
 * Confidentiality Profile (PS3.15 Annex E, E.1.1 and Table E.1-1): the
 * profile's attributes removed, emptied or replaced by dummies, UIDs replaced
 * through `uids`, every private attribute, curve and overlay removed, at any
 * depth of sequences; Patient Identity Removed (0012,0062) YES and the method
 * recorded in (0012,0063) and (0012,0064) (code 113100, DCM). Pixel data is
 * left as is: text burned into the pixels stays, and the warning says so.
 */
export function deidentifyDicom(bytes: Uint8Array, uids: UidMap): DeidentifiedDicom {
  const file = readPart10(bytes);
  const dataSet = clean(file.dataSet, uids).filter(
    (e) => e.tag !== 0x00120062 && e.tag !== 0x00120063 && e.tag !== 0x00120064,
  );
  const burnedIn = file.dataSet.find((e) => e.tag === 0x00280301);
  const methodCode: RawElement = {
    tag: 0x00120064,
    vr: 'SQ',
    value: new Uint8Array(0),
    items: [
      [
        element(0x00080100, 'SH', '113100'),
        element(0x00080102, 'SH', 'DCM'),
        element(0x00080104, 'LO', 'Basic Application Confidentiality Profile'),
      ],
    ],
    encapsulated: false,
  };
  dataSet.push(
    element(0x00120062, 'CS', 'YES'),
    element(0x00120063, 'LO', 'PS3.15 Annex E Basic Profile; pixel data not cleaned'),
    methodCode,
  );
  dataSet.sort((a, b) => a.tag - b.tag);
  const value = (tag: number) => {
    const found = dataSet.find((e) => e.tag === tag);
    return found ? text(found.value) : '';
  };
  const meta: RawElement[] = [
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]), items: null, encapsulated: false },
    element(0x00020002, 'UI', value(0x00080016)),
    element(0x00020003, 'UI', value(0x00080018)),
    element(0x00020010, 'UI', file.transferSyntax),
    element(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID),
    element(0x00020013, 'SH', IMPLEMENTATION_VERSION),
  ];
  const warnings = [
    'Pixel data was left as it is: text burned into the image (names, dates) cannot be removed by this de-identification; check the images before sharing.',
  ];
  if (burnedIn && text(burnedIn.value).toUpperCase() === 'YES')
    warnings.push(
      'The file declares Burned In Annotation (0028,0301) YES: its pixels show identifying text.',
    );
  return { bytes: writeRawPart10(meta, dataSet, file.transferSyntax), warnings };
}
