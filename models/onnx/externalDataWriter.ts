import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * onnxruntime maps an external tensor straight from the file when its offset
 * is a multiple of the allocation granularity (64 KiB on Windows, the page
 * size elsewhere), instead of copying it; every tensor starts on such a
 * boundary.
 */
const ALIGN = 64 * 1024;

/**
 * Appends weight bytes to an ONNX external data file (onnx/docs/ExternalData.md)
 * chunk by chunk, so a multi-gigabyte model is never whole in memory and the
 * .onnx itself stays far below protobuf's 2 GB limit.
 */
export class ExternalDataWriter {
  private readonly fd: number;
  private offset = 0;
  /** The file name the tensors refer to, relative to the .onnx next to it. */
  readonly location: string;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
    this.location = basename(file);
  }

  get byteLength(): number {
    return this.offset;
  }

  /** Writes one tensor's bytes from `chunks`, in order; returns where they landed. */
  write(chunks: Iterable<Uint8Array>): { location: string; offset: number; length: number } {
    const pad = (ALIGN - (this.offset % ALIGN)) % ALIGN;
    if (pad > 0) this.append(new Uint8Array(pad));
    const start = this.offset;
    for (const chunk of chunks) this.append(chunk);
    return { location: this.location, offset: start, length: this.offset - start };
  }

  private append(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(this.fd, bytes, done);
    this.offset += bytes.byteLength;
  }

  close(): void {
    closeSync(this.fd);
  }
}
