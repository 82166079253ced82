import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** One graph input or output as onnx.proto declares it. */
export interface OnnxValueInfo {
  name: string;
  /** TensorProto.DataType name: float32, float16, int64, ... ('unknown' if not a tensor). */
  type: string;
  /** Fixed dims as numbers, named dims as strings, unknown dims as null. */
  shape: (number | string | null)[];
}

export interface OnnxGraphIO {
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Files named by initializers stored outside the .onnx (external data). */
  externalDataFiles: string[];
}

// onnx.proto TensorProto.DataType
const ELEM_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  16: 'bfloat16',
};

/** Reads protobuf fields straight from a file, skipping large fields without reading them. */
class ProtoFile {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  readonly size: number;

  constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
  }

  private byteAt(pos: number): number {
    if (pos >= this.size) throw new Error('truncated');
    if (pos < this.windowStart || pos >= this.windowStart + this.window.length) {
      this.window = Buffer.alloc(Math.min(1 << 16, this.size - pos));
      readSync(this.fd, this.window, 0, this.window.length, pos);
      this.windowStart = pos;
    }
    return this.window[pos - this.windowStart] as number;
  }

  varint(pos: number): [number, number] {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byteAt(pos++);
      value += (b & 0x7f) * scale;
      if (b < 0x80) return [value, pos];
      scale *= 128;
    }
    throw new Error('bad varint');
  }

  string(pos: number, length: number): string {
    const buf = Buffer.alloc(length);
    if (pos + length > this.size) throw new Error('truncated');
    readSync(this.fd, buf, 0, length, pos);
    return buf.toString('utf8');
  }

  /** Calls visit(field, wire, pos, lengthOrValue) for each field of the message in [start, end). */
  fields(
    start: number,
    end: number,
    visit: (field: number, wire: number, pos: number, value: number) => void,
  ): void {
    let pos = start;
    while (pos < end) {
      const [tag, afterTag] = this.varint(pos);
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      pos = afterTag;
      if (wire === 0) {
        const [value, next] = this.varint(pos);
        visit(field, wire, pos, value);
        pos = next;
      } else if (wire === 2) {
        const [length, next] = this.varint(pos);
        if (next + length > end) throw new Error('truncated');
        visit(field, wire, next, length);
        pos = next + length;
      } else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else throw new Error(`unsupported wire type ${wire}`);
      if (pos > end) throw new Error('truncated');
    }
  }
}

function readValueInfo(file: ProtoFile, start: number, end: number): OnnxValueInfo {
  const info: OnnxValueInfo = { name: '', type: 'unknown', shape: [] };
  file.fields(start, end, (field, wire, pos, len) => {
    if (field === 1 && wire === 2) info.name = file.string(pos, len);
    if (field !== 2 || wire !== 2) return; // TypeProto
    file.fields(pos, pos + len, (tf, tw, tpos, tlen) => {
      if (tf !== 1 || tw !== 2) return; // TypeProto.Tensor
      file.fields(tpos, tpos + tlen, (f, w, p, l) => {
        if (f === 1 && w === 0) info.type = ELEM_TYPES[l] ?? `type${l}`;
        if (f !== 2 || w !== 2) return; // TensorShapeProto
        file.fields(p, p + l, (df, dw, dpos, dlen) => {
          if (df !== 1 || dw !== 2) return;
          let dim: number | string | null = null;
          file.fields(dpos, dpos + dlen, (vf, vw, vpos, v) => {
            if (vf === 1 && vw === 0) dim = v;
            if (vf === 2 && vw === 2) dim = file.string(vpos, v);
          });
          info.shape.push(dim);
        });
      });
    });
  });
  return info;
}

function readExternalLocation(
  file: ProtoFile,
  start: number,
  end: number,
  into: Set<string>,
): void {
  file.fields(start, end, (field, wire, pos, len) => {
    if (field !== 13 || wire !== 2) return; // TensorProto.external_data (StringStringEntryProto)
    let key = '';
    let value = '';
    file.fields(pos, pos + len, (f, w, p, l) => {
      if (f === 1 && w === 2) key = file.string(p, l);
      if (f === 2 && w === 2) value = file.string(p, l);
    });
    if (key === 'location' && value) into.add(value);
  });
}

/**
 * Reads the graph inputs and outputs of an .onnx file from its protobuf
 * (onnx.proto: ModelProto.graph = 7; GraphProto.initializer = 5, input = 11,
 * output = 12) without loading the weights, so it is fast on large models
 * and reports a truncated file. Throws `readOnnxGraphIO: ...` on a bad file.
 */
export function readOnnxGraphIO(file: string): OnnxGraphIO {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new Error(
      `readOnnxGraphIO: cannot open ${file} (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    const proto = new ProtoFile(fd);
    const io: OnnxGraphIO = { inputs: [], outputs: [], externalDataFiles: [] };
    const external = new Set<string>();
    let graphs = 0;
    proto.fields(0, proto.size, (field, wire, pos, len) => {
      if (field !== 7 || wire !== 2) return;
      graphs++;
      proto.fields(pos, pos + len, (f, w, p, l) => {
        if (w !== 2) return;
        if (f === 11) io.inputs.push(readValueInfo(proto, p, p + l));
        if (f === 12) io.outputs.push(readValueInfo(proto, p, p + l));
        if (f === 5) readExternalLocation(proto, p, p + l, external);
      });
    });
    if (graphs !== 1 || io.outputs.length === 0) throw new Error('no graph in the file');
    io.externalDataFiles = [...external];
    return io;
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(
      `readOnnxGraphIO: ${file} is not a readable ONNX model (${message === 'truncated' ? 'the file is truncated' : message})`,
    );
  } finally {
    closeSync(fd);
  }
}
