/** How a transfer syntax stores pixel data (PS3.5 Section 10 and Annex A). */
export type PixelEncoding =
  | 'native'
  | 'rle'
  | 'jpegBaseline'
  | 'jpegExtended'
  | 'jpegLossless'
  | 'jpegLs'
  | 'jpeg2000'
  | 'htj2k'
  | 'unsupported';

export interface TransferSyntax {
  uid: string;
  name: string;
  encoding: PixelEncoding;
  bigEndian?: boolean;
  implicitVr?: boolean;
  deflated?: boolean;
}

const list: TransferSyntax[] = [
  {
    uid: '1.2.840.10008.1.2',
    name: 'Implicit VR Little Endian',
    encoding: 'native',
    implicitVr: true,
  },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encoding: 'native' },
  {
    uid: '1.2.840.10008.1.2.1.99',
    name: 'Deflated Explicit VR Little Endian',
    encoding: 'native',
    deflated: true,
  },
  {
    uid: '1.2.840.10008.1.2.2',
    name: 'Explicit VR Big Endian',
    encoding: 'native',
    bigEndian: true,
  },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: 'rle' },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', encoding: 'jpegBaseline' },
  {
    uid: '1.2.840.10008.1.2.4.51',
    name: 'JPEG Extended (Process 2 & 4)',
    encoding: 'jpegExtended',
  },
  {
    uid: '1.2.840.10008.1.2.4.53',
    name: 'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (Retired)',
    encoding: 'jpegExtended',
  },
  {
    uid: '1.2.840.10008.1.2.4.55',
    name: 'JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (Retired)',
    encoding: 'jpegExtended',
  },
  {
    uid: '1.2.840.10008.1.2.4.57',
    name: 'JPEG Lossless, Non-Hierarchical (Process 14)',
    encoding: 'jpegLossless',
  },
  {
    uid: '1.2.840.10008.1.2.4.70',
    name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
    encoding: 'jpegLossless',
  },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless Image Compression', encoding: 'jpegLs' },
  {
    uid: '1.2.840.10008.1.2.4.81',
    name: 'JPEG-LS Lossy (Near-Lossless) Image Compression',
    encoding: 'jpegLs',
  },
  {
    uid: '1.2.840.10008.1.2.4.90',
    name: 'JPEG 2000 Image Compression (Lossless Only)',
    encoding: 'jpeg2000',
  },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000 Image Compression', encoding: 'jpeg2000' },
  {
    uid: '1.2.840.10008.1.2.4.201',
    name: 'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
    encoding: 'htj2k',
  },
  {
    uid: '1.2.840.10008.1.2.4.202',
    name: 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
    encoding: 'htj2k',
  },
  {
    uid: '1.2.840.10008.1.2.4.203',
    name: 'High-Throughput JPEG 2000 Image Compression',
    encoding: 'htj2k',
  },
  {
    uid: '1.2.840.10008.1.2.4.100',
    name: 'MPEG2 Main Profile / Main Level',
    encoding: 'unsupported',
  },
  {
    uid: '1.2.840.10008.1.2.4.102',
    name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
    encoding: 'unsupported',
  },
  { uid: '1.2.840.10008.1.2.4.110', name: 'JPEG XL Lossless', encoding: 'unsupported' },
];

export const transferSyntaxes: ReadonlyMap<string, TransferSyntax> = new Map(
  list.map((t) => [t.uid, t]),
);

/** Looks up a transfer syntax; an unknown UID decodes as unsupported. */
export function transferSyntaxOf(uid: string): TransferSyntax {
  return (
    transferSyntaxes.get(uid) ?? { uid, name: 'unknown transfer syntax', encoding: 'unsupported' }
  );
}

/**
 * Storage SOP classes by UID (PS3.4 Annex B.5, PS3.6 Annex A). `image` says
 * whether instances of the class carry Pixel Data that a viewer renders.
 */
const sopClasses: Record<string, { name: string; image: boolean }> = {
  '1.2.840.10008.5.1.4.1.1.1': { name: 'Computed Radiography Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.1.1': {
    name: 'Digital X-Ray Image Storage - For Presentation',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.1.1.1': {
    name: 'Digital X-Ray Image Storage - For Processing',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.1.2': {
    name: 'Digital Mammography X-Ray Image Storage - For Presentation',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.1.2.1': {
    name: 'Digital Mammography X-Ray Image Storage - For Processing',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.1.3': {
    name: 'Digital Intra-Oral X-Ray Image Storage - For Presentation',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.2': { name: 'CT Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.2.1': { name: 'Enhanced CT Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.3.1': { name: 'Ultrasound Multi-frame Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.4': { name: 'MR Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.4.1': { name: 'Enhanced MR Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.6.1': { name: 'Ultrasound Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.7': { name: 'Secondary Capture Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.7.1': {
    name: 'Multi-frame Single Bit Secondary Capture Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.7.2': {
    name: 'Multi-frame Grayscale Byte Secondary Capture Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.7.3': {
    name: 'Multi-frame Grayscale Word Secondary Capture Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.7.4': {
    name: 'Multi-frame True Color Secondary Capture Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.12.1': { name: 'X-Ray Angiographic Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.12.2': { name: 'X-Ray Radiofluoroscopic Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.13.1.3': { name: 'Breast Tomosynthesis Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.20': { name: 'Nuclear Medicine Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.77.1.1': { name: 'VL Endoscopic Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.77.1.2': { name: 'VL Microscopic Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.77.1.4': { name: 'VL Photographic Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.77.1.5.1': {
    name: 'Ophthalmic Photography 8 Bit Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.77.1.6': {
    name: 'VL Whole Slide Microscopy Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.128': {
    name: 'Positron Emission Tomography Image Storage',
    image: true,
  },
  '1.2.840.10008.5.1.4.1.1.481.1': { name: 'RT Image Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.481.2': { name: 'RT Dose Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.481.3': { name: 'RT Structure Set Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.481.5': { name: 'RT Plan Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.481.8': { name: 'RT Ion Plan Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.66': { name: 'Raw Data Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.66.4': { name: 'Segmentation Storage', image: true },
  '1.2.840.10008.5.1.4.1.1.88.11': { name: 'Basic Text SR Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.88.22': { name: 'Enhanced SR Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.88.33': { name: 'Comprehensive SR Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.88.34': { name: 'Comprehensive 3D SR Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.88.59': { name: 'Key Object Selection Document Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.88.67': { name: 'X-Ray Radiation Dose SR Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.104.1': { name: 'Encapsulated PDF Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.9.1.1': { name: '12-lead ECG Waveform Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.9.1.2': { name: 'General ECG Waveform Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.9.1.3': { name: 'Ambulatory ECG Waveform Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.9.4.1': { name: 'Basic Voice Audio Waveform Storage', image: false },
  '1.2.840.10008.5.1.4.1.1.11.1': {
    name: 'Grayscale Softcopy Presentation State Storage',
    image: false,
  },
};

/** Name of a SOP class and whether it is an image class; unknown classes are judged by their pixel data. */
export function sopClassOf(uid: string): { name: string; image: boolean | undefined } {
  const known = sopClasses[uid];
  return known ?? { name: uid === '' ? '' : 'unknown SOP class', image: undefined };
}
