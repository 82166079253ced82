import { open } from 'node:fs/promises';
import { dtypeSizes, encodeFloats, type SafetensorsDtype } from './dtypes';
import { buildSafetensorsHeader, elementCount, type TensorInfo } from './safetensorsHeader';
import type { SafetensorsTensor } from './openSafetensors';

export interface TensorSpec {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
}

export interface SafetensorsWriter {
  /**
   * Writes `data` into tensor `name` starting at element `elementOffset`, so
   * a large tensor can be streamed in row blocks. Float tensors take f32
   * values (converted to F16/BF16 on the way), I64 a BigInt64Array, I32 an
   * Int32Array.
   */
  write(name: string, data: SafetensorsTensor, elementOffset?: number): Promise<void>;
  /** Checks every tensor was written in full, then closes the file. */
  close(): Promise<void>;
}

/**
 * Creates a safetensors file whose layout is fixed up front from the specs,
 * so tensor data can be written in any order, block by block, with
 * positioned writes and without holding the file in memory.
 */
export async function createSafetensorsWriter(
  path: string,
  specs: readonly TensorSpec[],
  metadata: Record<string, string> = {},
): Promise<SafetensorsWriter> {
  const { bytes, tensors } = buildSafetensorsHeader(specs, metadata);
  const byName = new Map<string, TensorInfo>(tensors.map((t) => [t.name, t]));
  const written = new Map<string, number>(tensors.map((t) => [t.name, 0]));
  const dataStart = bytes.byteLength;
  const fh = await open(path, 'w');
  await fh.write(bytes, 0, bytes.byteLength, 0);
  const total = tensors.reduce((a, t) => Math.max(a, t.end), 0);
  // Size the file now so a tensor written out of order never leaves a gap.
  await fh.truncate(dataStart + total);
  return {
    async write(name, data, elementOffset = 0) {
      const t = byName.get(name);
      if (!t)
        throw new Error(`createSafetensorsWriter: ${path} has no tensor '${name}' in its layout`);
      const count = elementCount(t.shape);
      if (elementOffset < 0 || elementOffset + data.length > count) {
        throw new Error(
          `createSafetensorsWriter: ${data.length} elements at ${elementOffset} do not fit tensor '${name}' of ${count}`,
        );
      }
      let chunk: Uint8Array;
      if (data instanceof Float32Array) {
        if (t.dtype === 'I64' || t.dtype === 'I32')
          throw new Error(`createSafetensorsWriter: tensor '${name}' is ${t.dtype}; got floats`);
        chunk = encodeFloats(t.dtype, data);
      } else if (
        (data instanceof BigInt64Array && t.dtype === 'I64') ||
        (data instanceof Int32Array && t.dtype === 'I32')
      ) {
        chunk = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      } else {
        throw new Error(
          `createSafetensorsWriter: tensor '${name}' is ${t.dtype}; got ${data.constructor.name}`,
        );
      }
      let done = 0;
      const position = dataStart + t.begin + elementOffset * dtypeSizes[t.dtype];
      while (done < chunk.byteLength) {
        const { bytesWritten } = await fh.write(
          chunk,
          done,
          chunk.byteLength - done,
          position + done,
        );
        done += bytesWritten;
      }
      written.set(name, (written.get(name) ?? 0) + data.length);
    },
    async close() {
      await fh.close();
      for (const t of tensors) {
        const n = written.get(t.name) ?? 0;
        if (n < elementCount(t.shape)) {
          throw new Error(
            `createSafetensorsWriter: tensor '${t.name}' got ${n} of ${elementCount(t.shape)} elements before close`,
          );
        }
      }
    },
  };
}
