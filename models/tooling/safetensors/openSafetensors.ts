import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { decodeFloats, type SafetensorsDtype } from './dtypes';
import { maxHeaderBytes, parseSafetensorsHeader, type TensorInfo } from './safetensorsHeader';

export type SafetensorsTensor = Float32Array | BigInt64Array | Int32Array;

export interface SafetensorsReader {
  readonly path: string;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
  /** Raw little-endian bytes of one tensor (or of elements [from, to) of it). */
  readBytes(name: string, from?: number, to?: number): Promise<Uint8Array>;
  /** A float tensor (F32, F16 or BF16) as f32, converted exactly. */
  readFloat32(name: string): Promise<Float32Array>;
  /** A tensor in its own type: floats as f32, I64 as BigInt64Array, I32 as Int32Array. */
  readTensor(
    name: string,
  ): Promise<{ dtype: SafetensorsDtype; shape: number[]; data: SafetensorsTensor }>;
  close(): Promise<void>;
}

async function readExactly(
  fh: FileHandle,
  target: Uint8Array,
  position: number,
  where: string,
): Promise<void> {
  let done = 0;
  while (done < target.byteLength) {
    const { bytesRead } = await fh.read(target, done, target.byteLength - done, position + done);
    if (bytesRead === 0)
      throw new Error(
        `openSafetensors: ${where}: unexpected end of file at byte ${position + done}`,
      );
    done += bytesRead;
  }
}

/**
 * Opens a safetensors file (8-byte little-endian header length, JSON header,
 * little-endian data; https://github.com/huggingface/safetensors) and reads
 * tensors one at a time with positioned reads, never the whole file.
 */
export async function openSafetensors(path: string): Promise<SafetensorsReader> {
  // Typed-array views assume the file's byte order.
  if (endianness() !== 'LE') throw new Error('openSafetensors: big-endian hosts are not supported');
  const fh = await open(path, 'r').catch((error: Error) => {
    throw new Error(`openSafetensors: cannot open ${path}: ${error.message}`);
  });
  try {
    const { size } = await fh.stat();
    if (size < 8)
      throw new Error(
        `openSafetensors: ${path}: file is ${size} bytes, too short for a safetensors header`,
      );
    const lengthBytes = new Uint8Array(8);
    await readExactly(fh, lengthBytes, 0, path);
    const headerLength = new DataView(lengthBytes.buffer).getBigUint64(0, true);
    if (headerLength > BigInt(maxHeaderBytes)) {
      throw new Error(
        `openSafetensors: ${path}: header length ${headerLength} exceeds the ${maxHeaderBytes}-byte limit`,
      );
    }
    const n = Number(headerLength);
    if (8 + n > size)
      throw new Error(
        `openSafetensors: ${path}: header length ${n} runs past the end of the ${size}-byte file`,
      );
    const headerBytes = new Uint8Array(n);
    await readExactly(fh, headerBytes, 8, path);
    const header = parseSafetensorsHeader(
      Buffer.from(headerBytes).toString('utf8'),
      n,
      size - 8 - n,
      path,
    );

    const info = (name: string): TensorInfo => {
      const t = header.tensors.get(name);
      if (!t) throw new Error(`openSafetensors: ${path} has no tensor '${name}'`);
      return t;
    };
    const readBytes = async (name: string, from = 0, to?: number): Promise<Uint8Array> => {
      const t = info(name);
      const itemSize =
        (t.end - t.begin) /
        Math.max(
          1,
          t.shape.reduce((a, b) => a * b, 1),
        );
      const begin = t.begin + from * itemSize;
      const end = to === undefined ? t.end : t.begin + to * itemSize;
      if (from < 0 || begin > end || end > t.end)
        throw new Error(
          `openSafetensors: element range [${from}, ${to}) is outside tensor '${name}'`,
        );
      // A fresh ArrayBuffer is 8-byte aligned, so typed views need no copy.
      const bytes = new Uint8Array(new ArrayBuffer(end - begin));
      await readExactly(fh, bytes, header.dataStart + begin, path);
      return bytes;
    };
    return {
      path,
      tensors: header.tensors,
      metadata: header.metadata,
      readBytes,
      async readFloat32(name) {
        const t = info(name);
        if (t.dtype === 'I64' || t.dtype === 'I32')
          throw new Error(
            `openSafetensors: tensor '${name}' in ${path} is ${t.dtype}, not a float`,
          );
        return decodeFloats(t.dtype, await readBytes(name));
      },
      async readTensor(name) {
        const t = info(name);
        const bytes = await readBytes(name);
        const data =
          t.dtype === 'I64'
            ? new BigInt64Array(bytes.buffer, 0, bytes.byteLength / 8)
            : t.dtype === 'I32'
              ? new Int32Array(bytes.buffer, 0, bytes.byteLength / 4)
              : decodeFloats(t.dtype, bytes);
        return { dtype: t.dtype, shape: [...t.shape], data };
      },
      close: () => fh.close(),
    };
  } catch (error) {
    await fh.close();
    throw error;
  }
}
