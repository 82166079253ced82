import { makeTestImage } from '../../dicom/testing/makeTestImage';
import { syntaxes, writeDicom, type ElementSpec } from '../../dicom/testing/writeDicom';

export interface SampleStudySpec {
  studyUid: string;
  patientId: string;
  patientName: string;
  modality: string;
  studyDate: string;
  accession: string;
  description: string;
  /** Instances per series; one series per entry. */
  series: number[];
}

/** Part 10 files of a synthetic study (distinct pixel ramps per instance), with their UIDs. */
export function sampleStudy(
  spec: SampleStudySpec,
): { seriesUid: string; sopUid: string; bytes: Uint8Array }[] {
  const files: { seriesUid: string; sopUid: string; bytes: Uint8Array }[] = [];
  spec.series.forEach((count, s) => {
    const seriesUid = `${spec.studyUid}.${s + 1}`;
    for (let i = 0; i < count; i++) {
      const sopUid = `${seriesUid}.${i + 1}`;
      const image = makeTestImage({
        rows: 16,
        columns: 16,
        bitsAllocated: 16,
        bitsStored: 12,
        modality: spec.modality,
        sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
        window: { center: 2048, width: 4096 },
      });
      const own: ElementSpec[] = [
        { tag: 0x00080018, vr: 'UI', value: sopUid },
        { tag: 0x00080020, vr: 'DA', value: spec.studyDate },
        { tag: 0x00080030, vr: 'TM', value: '101500' },
        { tag: 0x00080050, vr: 'SH', value: spec.accession },
        { tag: 0x00081030, vr: 'LO', value: spec.description },
        { tag: 0x00100010, vr: 'PN', value: spec.patientName },
        { tag: 0x00100020, vr: 'LO', value: spec.patientId },
        { tag: 0x00100040, vr: 'CS', value: 'O' },
        { tag: 0x0020000d, vr: 'UI', value: spec.studyUid },
        { tag: 0x0020000e, vr: 'UI', value: seriesUid },
        { tag: 0x00200010, vr: 'SH', value: 'S1' },
        { tag: 0x00200011, vr: 'IS', value: String(s + 1) },
        { tag: 0x00200013, vr: 'IS', value: String(i + 1) },
      ];
      const tags = new Set(own.map((e) => e.tag));
      const bytes = image.bytes.slice();
      // Each instance its own pixels, so a mix-up on retrieve shows.
      bytes[0] = (s * 16 + i) & 0xff;
      files.push({
        seriesUid,
        sopUid,
        bytes: writeDicom({
          transferSyntaxUID: syntaxes.explicitLE,
          elements: [...image.elements.filter((e) => !tags.has(e.tag)), ...own],
          pixelData: { kind: 'native', vr: image.vr, bytes },
        }),
      });
    }
  });
  return files;
}
