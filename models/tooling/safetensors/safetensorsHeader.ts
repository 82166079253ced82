import { z } from 'zod';
import { dtypeSizes, isDtype, type SafetensorsDtype } from './dtypes';
import { describeJsonSyntaxError } from '../../json/describeJson';

/** Same bound as the reference implementation (huggingface/safetensors MAX_HEADER_SIZE). */
export const maxHeaderBytes = 100_000_000;

export interface TensorInfo {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte offsets relative to the start of the data section, as in the file. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string>;
  /** Absolute file offset of the data section (8 + header length). */
  dataStart: number;
}

const entrySchema = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
const metadataSchema = z.record(z.string(), z.string());

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Parses and validates the JSON header of a safetensors file whose data
 * section is `dataBytes` long: known dtypes, sizes that match the shapes, and
 * offsets that tile the data section without gaps or overlaps (the reference
 * loader rejects the same files).
 */
export function parseSafetensorsHeader(
  json: string,
  headerLength: number,
  dataBytes: number,
  where: string,
): SafetensorsHeader {
  const fail = (why: string): never => {
    throw new Error(`parseSafetensorsHeader: ${where}: ${why}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    fail(`header is ${describeJsonSyntaxError(json, error)}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    fail('header is not a JSON object');
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      const parsed = metadataSchema.safeParse(value);
      if (!parsed.success) fail('__metadata__ must map strings to strings');
      else metadata = parsed.data;
      continue;
    }
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success)
      return fail(
        `tensor '${name}' has a malformed entry (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = parsed.data;
    if (!isDtype(dtype))
      return fail(
        `tensor '${name}' has unsupported dtype ${dtype} (supported: ${Object.keys(dtypeSizes).join(', ')})`,
      );
    if (end < begin)
      fail(`tensor '${name}' has data_offsets [${begin}, ${end}] that end before they begin`);
    const expected = elementCount(shape) * dtypeSizes[dtype];
    if (end - begin !== expected)
      fail(
        `tensor '${name}' occupies ${end - begin} bytes but ${dtype}${JSON.stringify(shape)} needs ${expected}`,
      );
    if (end > dataBytes)
      fail(
        `tensor '${name}' data_offsets [${begin}, ${end}] run past the end of the file (data section is ${dataBytes} bytes; truncated file?)`,
      );
    tensors.set(name, { name, dtype, shape, begin, end });
  }
  const sorted = [...tensors.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const t of sorted) {
    if (t.begin < cursor) fail(`tensor '${t.name}' overlaps the previous tensor`);
    if (t.begin > cursor)
      fail(`gap in the data section before tensor '${t.name}' (bytes ${cursor}..${t.begin})`);
    cursor = t.end;
  }
  if (cursor !== dataBytes)
    fail(
      `data section is ${dataBytes} bytes but the tensors cover ${cursor} (truncated or trailing bytes)`,
    );
  return { tensors, metadata, dataStart: 8 + headerLength };
}

/**
 * Builds the header bytes for tensors laid out in the given order, padded
 * with spaces to a multiple of 8 bytes as the reference writer does.
 */
export function buildSafetensorsHeader(
  specs: readonly { name: string; dtype: SafetensorsDtype; shape: readonly number[] }[],
  metadata: Record<string, string> = {},
): { bytes: Uint8Array; tensors: TensorInfo[] } {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const tensors: TensorInfo[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.name === '__metadata__' || Object.hasOwn(header, spec.name)) {
      throw new Error(`buildSafetensorsHeader: duplicate or reserved tensor name '${spec.name}'`);
    }
    const size = elementCount(spec.shape) * dtypeSizes[spec.dtype];
    const info = {
      name: spec.name,
      dtype: spec.dtype,
      shape: [...spec.shape],
      begin: offset,
      end: offset + size,
    };
    header[spec.name] = {
      dtype: info.dtype,
      shape: info.shape,
      data_offsets: [info.begin, info.end],
    };
    tensors.push(info);
    offset += size;
  }
  let json = JSON.stringify(header);
  const pad = (8 - ((Buffer.byteLength(json) + 8) % 8)) % 8;
  json += ' '.repeat(pad);
  const body = Buffer.from(json, 'utf8');
  const bytes = new Uint8Array(8 + body.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(body.length), true);
  bytes.set(body, 8);
  return { bytes, tensors };
}
