/** Text of anything thrown while reading a file (dicom-parser throws strings and `{exception}` objects). */
export function describeThrownForUser(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (thrown && typeof thrown === 'object' && 'exception' in thrown)
    return describeThrownForUser(thrown.exception);
  return String(thrown);
}
