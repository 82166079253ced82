import { seededRandom } from '../random/seededRandom';
import { mutateDicom, type SeedMap } from './mutateDicom';

/** Case `index` of run `seed`: the same bytes in the parent (to save it) and in the worker (to run it). */
export function fuzzCase(
  seeds: SeedMap[],
  seed: number,
  index: number,
): { bytes: Uint8Array; what: string } {
  // Mix seed and index (golden-ratio step) so neighbouring cases draw unrelated streams.
  const random = seededRandom(
    (Math.imul(seed, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0,
  );
  return mutateDicom(seeds, random);
}
