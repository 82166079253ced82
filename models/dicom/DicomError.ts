/**
 * The one error type of the DICOM decoder. Its message names the function
 * that threw (`decodeFrame: ...`) so a one-line CLI or UI message is enough
 * to know what failed; it never contains patient data.
 */
export class DicomError extends Error {
  override name = 'DicomError';
  constructor(
    readonly functionName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${functionName}: ${detail}`, options);
  }
}

/** Text of anything thrown (dicom-parser throws strings and `{exception}` objects). */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown)
    return describeThrown(thrown.exception);
  return String(thrown);
}
