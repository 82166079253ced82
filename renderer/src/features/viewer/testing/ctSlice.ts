import { makeTestImage } from '../../../../../models/dicom/testing/makeTestImage';
import {
  syntaxes,
  writeDicom,
  type ElementSpec,
} from '../../../../../models/dicom/testing/writeDicom';

/**
 * A small CT-like slice for unit tests: 16-bit signed stored values with
 * rescale intercept -1024, window 40/400, pixel spacing 0.5 mm.
 */
export function ctSlice({
  instance = 1,
  size = 8,
  values,
  extra = [],
}: {
  instance?: number;
  size?: number;
  values?: number[];
  extra?: ElementSpec[];
} = {}): Uint8Array {
  const own: ElementSpec[] = [
    { tag: 0x00080018, vr: 'UI', value: `1.2.826.0.1.3680043.10.1.77.${instance}` },
    { tag: 0x00200013, vr: 'IS', value: String(instance) },
    ...extra,
  ];
  const image = makeTestImage({
    rows: size,
    columns: size,
    bitsAllocated: 16,
    signed: true,
    values: values ?? Array.from({ length: size * size }, (_, i) => i * 10),
    modality: 'CT',
    sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
    rescale: { slope: 1, intercept: -1024 },
    window: { center: 40, width: 400 },
    extra: own,
  });
  const elements = image.elements.filter((e) => !own.some((x) => x.tag === e.tag));
  return writeDicom({
    transferSyntaxUID: syntaxes.explicitLE,
    elements: [...elements, ...own],
    pixelData: { kind: 'native', vr: image.vr, bytes: image.bytes },
  });
}
