/**
 * Writes rows [rowStart, rowEnd) of ΔW = scale · B·A into `out`
 * (row-major, (rowEnd − rowStart) × inFeatures), where B is [out, rank] and
 * A is [rank, in], both row-major. Rows are produced independently so a
 * module's delta can be streamed in blocks without ever existing in full.
 */
export function loraDeltaRows(
  b: Float32Array,
  a: Float32Array,
  rank: number,
  inFeatures: number,
  scale: number,
  rowStart: number,
  rowEnd: number,
  out: Float32Array,
): void {
  if (out.length < (rowEnd - rowStart) * inFeatures)
    throw new Error('loraDeltaRows: output buffer too small');
  for (let o = rowStart; o < rowEnd; o++) {
    const base = (o - rowStart) * inFeatures;
    const row = out.subarray(base, base + inFeatures);
    row.fill(0);
    let j = 0;
    // Four rank components per sweep: one read-modify-write of the row per four axpys.
    for (; j + 4 <= rank; j += 4) {
      const c0 = scale * b[o * rank + j]!;
      const c1 = scale * b[o * rank + j + 1]!;
      const c2 = scale * b[o * rank + j + 2]!;
      const c3 = scale * b[o * rank + j + 3]!;
      const a0 = j * inFeatures;
      const a1 = a0 + inFeatures;
      const a2 = a1 + inFeatures;
      const a3 = a2 + inFeatures;
      for (let i = 0; i < inFeatures; i++) {
        row[i] = row[i]! + c0 * a[a0 + i]! + c1 * a[a1 + i]! + c2 * a[a2 + i]! + c3 * a[a3 + i]!;
      }
    }
    for (; j < rank; j++) {
      const c = scale * b[o * rank + j]!;
      const aj = j * inFeatures;
      for (let i = 0; i < inFeatures; i++) row[i] = row[i]! + c * a[aj + i]!;
    }
  }
}
