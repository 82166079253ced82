import { z } from 'zod';

/** One attribute in the DICOM JSON Model (PS3.18 F.2.2). */
const attributeSchema = z.object({
  vr: z.string(),
  Value: z.array(z.unknown()).optional(),
  InlineBinary: z.string().optional(),
  BulkDataURI: z.string().optional(),
});
/** A data set in the DICOM JSON Model: attributes keyed by 8 hex digits (PS3.18 F.2.1). */
export const dicomJsonSchema = z.record(z.string().regex(/^[0-9A-Fa-f]{8}$/), attributeSchema);
export type DicomJson = z.infer<typeof dicomJsonSchema>;
/** A QIDO-RS or metadata answer: an array of data sets (PS3.18 F.2). */
export const dicomJsonListSchema = z.array(dicomJsonSchema);

/** The first value of an attribute as text; PN values give their Alphabetic group (PS3.18 F.2.2). */
export function firstString(data: DicomJson, tag: string): string | undefined {
  const value = data[tag.toUpperCase()]?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    const alphabetic = (value as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : undefined;
  }
  return String(value);
}

/** Every value of an attribute as text. */
export function allStrings(data: DicomJson, tag: string): string[] {
  return (data[tag.toUpperCase()]?.Value ?? [])
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .map(String);
}

/** A numeric attribute (IS, US, UL ...), or undefined. */
export function firstNumber(data: DicomJson, tag: string): number | undefined {
  const text = firstString(data, tag);
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}
