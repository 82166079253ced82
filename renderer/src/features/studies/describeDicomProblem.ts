/** Why a file in the list cannot be shown: unreadable (damaged, an unsupported codec) or not an image at all. */
export interface ItemProblem {
  kind: 'unreadable' | 'no-image';
  /** A sentence about the file, in the user's terms. */
  message: string;
  /** The decoder's own words, for the "Details" disclosure. */
  detail?: string;
}

/** Text of anything thrown while reading a file (dicom-parser throws strings and `{exception}` objects). */
export function describeThrownForUser(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown)
    return describeThrownForUser(thrown.exception);
  return String(thrown);
}

const SENTENCES: Array<[RegExp, string]> = [
  [
    /not supported|unsupported|no .*codec/i,
    'This file is compressed in a way this app cannot decode yet, so it cannot be shown or sent to the model.',
  ],
  [
    /overrun|malformed|truncat|unexpected end|out of range|beyond the end|too short/i,
    'This file is damaged or incomplete, so it cannot be read.',
  ],
  [
    /DICM|preamble|not a DICOM/i,
    'This file does not look like a DICOM file, so it cannot be read.',
  ],
];

/**
 * Turns the decoder's message (which names its functions, e.g.
 * "parseDicom: malformed …") into a sentence about the file; the original
 * stays as the detail.
 */
export function unreadableProblem(technical: string): ItemProblem {
  const sentence =
    SENTENCES.find(([pattern]) => pattern.test(technical))?.[1] ??
    'This file cannot be read as DICOM.';
  return { kind: 'unreadable', message: sentence, detail: technical };
}

/** A DICOM object of a class without Pixel Data (a report, a waveform, a presentation state). */
export function noImageProblem(sopClassName: string): ItemProblem {
  return {
    kind: 'no-image',
    message: `This DICOM object holds no image: it is a ${sopClassName}.`,
  };
}
