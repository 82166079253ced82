import { Worker } from 'node:worker_threads';

/**
 * Each thread copies its own 128 MiB buffer (well past any cache) over and
 * over; all start together. Bytes moved count the read and the write, as
 * STREAM's Copy does (McCalpin, "STREAM: Sustainable Memory Bandwidth").
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const size = workerData.bytes;
const src = Buffer.alloc(size, 1);
const dst = Buffer.alloc(size);
src.copy(dst);
parentPort.once('message', () => {
  const start = performance.now();
  for (let i = 0; i < workerData.repeats; i++) src.copy(dst);
  parentPort.postMessage(performance.now() - start);
});
parentPort.postMessage('ready');
`;

const BYTES = 128 * 2 ** 20;

/** The machine's memory-copy bandwidth in bytes per second, over `threads` threads at once. */
export async function memoryCopyBandwidth(threads: number, repeats = 8): Promise<number> {
  const workers = Array.from(
    { length: threads },
    () => new Worker(SOURCE, { eval: true, workerData: { bytes: BYTES, repeats } }),
  );
  try {
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    const times = await Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((resolve) => {
            w.once('message', resolve);
            w.postMessage('go');
          }),
      ),
    );
    return (threads * 2 * BYTES * repeats) / (Math.max(...times) / 1000);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
