import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalDataWriter } from './externalDataWriter';
import { GraphBuilder, int } from './graphBuilder';
import { encodeOnnxModel } from './onnxModel';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-external-data-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ExternalDataWriter', () => {
  it('streams weights chunk by chunk into the .onnx_data file that onnxruntime reads back', async () => {
    const file = join(root, 'model.onnx');
    const writer = new ExternalDataWriter(`${file}_data`);
    const b = new GraphBuilder('external', writer);
    const x = b.input('x', 'float', [1, 4]);
    b.output('y', 'float', [1, 3]);
    // A 4×3 matrix below the external threshold stays inline; a 64×... one goes out in 3 chunks.
    const small = b.weight(
      'small',
      Float32Array.from({ length: 12 }, (_, i) => i),
      [4, 3],
    );
    const rows = (start: number, count: number) =>
      Float32Array.from({ length: count * 1024 }, (_, i) => ((start * 1024 + i) % 7) - 3);
    const big = b.weightChunks('big', 'float', [3, 1024], [rows(0, 1), rows(1, 1), rows(2, 1)]);
    const t = b.op('MatMul', [x, small]);
    // y = x·small + sum over the big matrix's columns (a ReduceSum keeps the output small).
    b.op('Add', [t, b.op('ReduceSum', [big, b.constInt([1])], { keepdims: int(0) })], {}, 'y');
    writer.close();
    const graph = b.build();
    const bigInit = graph.initializers.find((i) => i.name === 'big')!;
    expect(bigInit.external).toEqual({ location: 'model.onnx_data', offset: 0, length: 3 * 4096 });
    expect(graph.initializers.find((i) => i.name === 'small')!.external).toBeUndefined();
    const encoded = encodeOnnxModel(graph);
    expect(encoded.byteLength).toBeLessThan(4096);
    await writeFile(file, encoded);
    expect((await stat(`${file}_data`)).size).toBe(3 * 4096);

    const session = await ort.InferenceSession.create(file);
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.of(1, 0, 0, 1), [1, 4]),
    });
    await session.release();
    const sums = [0, 1, 2].map((r) => rows(r, 1).reduce((a, v) => a + v, 0));
    // x·small picks rows 0 and 3: [0+9, 1+10, 2+11].
    expect(Array.from(out.y!.data as Float32Array)).toEqual(
      [9, 11, 13].map((v, i) => v + sums[i]!),
    );
  });

  it('starts every tensor on a 64 KiB boundary so onnxruntime can map it', async () => {
    const writer = new ExternalDataWriter(join(root, 'aligned.onnx_data'));
    const first = writer.write([new Uint8Array(10)]);
    const second = writer.write([new Uint8Array(5), new Uint8Array(6)]);
    writer.close();
    expect(first).toEqual({ location: 'aligned.onnx_data', offset: 0, length: 10 });
    expect(second).toEqual({ location: 'aligned.onnx_data', offset: 65536, length: 11 });
    expect((await readFile(join(root, 'aligned.onnx_data'))).byteLength).toBe(65536 + 11);
  });
});
