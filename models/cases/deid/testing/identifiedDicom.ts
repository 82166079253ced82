import { makeTestImage } from '../../../dicom/testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from '../../../dicom/testing/writeDicom';

/** Identifying strings the fixture carries; none may survive de-identification. */
export const PHI = {
  name: 'DOE^JANE^Q',
  id: 'MRN-4711-0815',
  birthDate: '19580214',
  accession: 'ACC20261130',
  institution: 'St Example Hospital',
  referrer: 'HOUSE^GREGORY',
  operator: 'NURSE^RATCHED',
  serial: 'SN-99887766',
  station: 'CTROOM3',
  otherId: 'OLD-ID-1234',
  privateText: 'PRIVATE VENDOR NOTE',
  overlayText: 'overlay comment',
} as const;

export const STUDY_UID = '1.2.826.0.1.3680043.10.777.1';
export const SERIES_UID = '1.2.826.0.1.3680043.10.777.1.2';
export const FRAME_OF_REFERENCE_UID = '1.2.826.0.1.3680043.10.777.1.3';
export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

/**
 * A small CT image carrying identifying data the Basic Profile must remove:
 * patient, study, institution and device attributes, private attributes, an
 * overlay, nested sequences with names and UIDs, and (for the second file of
 * a pair) a reference to the first file's SOP Instance UID.
 */
export function identifiedCt({
  instance,
  referenced,
  transferSyntaxUID = syntaxes.explicitLE,
}: {
  instance: number;
  referenced?: number;
  transferSyntaxUID?: string;
}): Uint8Array {
  const image = makeTestImage({
    rows: 8,
    columns: 8,
    bitsAllocated: 16,
    bitsStored: 12,
    modality: 'CT',
    sopClassUID: CT_IMAGE,
  });
  const sop = (n: number) => `${SERIES_UID}.${n}`;
  const own: ElementSpec[] = [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' },
    { tag: 0x00080008, vr: 'CS', value: 'ORIGINAL\\PRIMARY\\AXIAL' },
    { tag: 0x00080012, vr: 'DA', value: '20261130' },
    { tag: 0x00080016, vr: 'UI', value: CT_IMAGE },
    { tag: 0x00080018, vr: 'UI', value: sop(instance) },
    { tag: 0x00080020, vr: 'DA', value: '20261130' },
    { tag: 0x00080030, vr: 'TM', value: '101500' },
    { tag: 0x00080050, vr: 'SH', value: PHI.accession },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00080070, vr: 'LO', value: 'Example Medical' },
    { tag: 0x00080080, vr: 'LO', value: PHI.institution },
    { tag: 0x00080090, vr: 'PN', value: PHI.referrer },
    { tag: 0x00081010, vr: 'SH', value: PHI.station },
    { tag: 0x00081030, vr: 'LO', value: 'CT CHEST for Jane' },
    { tag: 0x00081070, vr: 'PN', value: PHI.operator },
    { tag: 0x00100010, vr: 'PN', value: PHI.name },
    { tag: 0x00100020, vr: 'LO', value: PHI.id },
    { tag: 0x00100030, vr: 'DA', value: PHI.birthDate },
    { tag: 0x00100040, vr: 'CS', value: 'F' },
    { tag: 0x00101010, vr: 'AS', value: '068Y' },
    { tag: 0x00101002, vr: 'SQ', value: [[{ tag: 0x00100020, vr: 'LO', value: PHI.otherId }]] },
    { tag: 0x00090010, vr: 'LO', value: 'EXAMPLE VENDOR' },
    { tag: 0x00091001, vr: 'LO', value: PHI.privateText },
    { tag: 0x00180050, vr: 'DS', value: '1.25' },
    { tag: 0x00180060, vr: 'DS', value: '120' },
    { tag: 0x00181000, vr: 'LO', value: PHI.serial },
    { tag: 0x00181030, vr: 'LO', value: 'Chest routine Jane' },
    { tag: 0x0020000d, vr: 'UI', value: STUDY_UID },
    { tag: 0x0020000e, vr: 'UI', value: SERIES_UID },
    { tag: 0x00200010, vr: 'SH', value: 'STUDY42' },
    { tag: 0x00200011, vr: 'IS', value: '2' },
    { tag: 0x00200013, vr: 'IS', value: String(instance) },
    { tag: 0x00200032, vr: 'DS', value: '0\\0\\0' },
    { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
    { tag: 0x00200052, vr: 'UI', value: FRAME_OF_REFERENCE_UID },
    { tag: 0x00201040, vr: 'LO', value: '' },
    { tag: 0x00280030, vr: 'DS', value: '0.7\\0.7' },
    { tag: 0x00280301, vr: 'CS', value: 'YES' },
    { tag: 0x00400275, vr: 'SQ', value: [[{ tag: 0x00321032, vr: 'PN', value: PHI.referrer }]] },
    { tag: 0x60000010, vr: 'US', value: 8 },
    { tag: 0x60000011, vr: 'US', value: 8 },
    { tag: 0x60004000, vr: 'LT', value: PHI.overlayText },
    { tag: 0x00100022, vr: 'CS', value: 'TEXT' },
    { tag: 0x00185100, vr: 'CS', value: 'HFS' },
    { tag: 0x00200012, vr: 'IS', value: '1' },
    { tag: 0x00281052, vr: 'DS', value: '-1024' },
    { tag: 0x00281053, vr: 'DS', value: '1' },
  ];
  const tags = new Set(own.map((e) => e.tag));
  const elements = [...image.elements.filter((e) => !tags.has(e.tag)), ...own];
  if (referenced !== undefined)
    elements.push({
      tag: 0x00081140,
      vr: 'SQ',
      value: [
        [
          { tag: 0x00081150, vr: 'UI', value: CT_IMAGE },
          { tag: 0x00081155, vr: 'UI', value: sop(referenced) },
        ],
      ],
    });
  return writeDicom({
    transferSyntaxUID,
    elements,
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
}
