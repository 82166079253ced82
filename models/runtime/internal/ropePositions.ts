/**
 * M-RoPE position ids for one sequence, as Qwen2-VL's `get_rope_index`
 * (transformers, modeling_qwen2_vl.py) computes them for images: text tokens
 * advance all three axes together; the tokens of an image take
 * (t, row, column) offsets from the position after the preceding text. The
 * next text starts at the largest position so far + 1.
 *
 * Returns the [3, 1, L] ids flattened axis-major, and the delta that the
 * decode steps add to the cache length (max position + 1 - L). For a
 * text-only prompt the delta is 0, as in the Python reference
 * (transformers.js 4.3 differs there; see docs/MODEL-CONTRACT.md).
 */
export function ropePositions(
  ids: ArrayLike<number>,
  grids: ReadonlyArray<readonly [number, number, number]>,
  { imageTokenId, spatialMergeSize }: { imageTokenId: number; spatialMergeSize: number },
): { positions: BigInt64Array; delta: number } {
  const length = ids.length;
  const positions = new BigInt64Array(3 * length);
  let next = 0; // first position of the next segment
  let i = 0;
  let image = 0;
  const writeText = (end: number) => {
    for (; i < end; i++, next++) {
      const p = BigInt(next);
      positions[i] = p;
      positions[length + i] = p;
      positions[2 * length + i] = p;
    }
  };
  while (i < length) {
    let start = i;
    while (start < length && ids[start] !== imageTokenId) start++;
    writeText(start);
    if (i >= length) break;
    const grid = grids[image++];
    if (!grid)
      throw new Error(
        `ropePositions: the prompt has more image tokens than the ${grids.length} image grid(s)`,
      );
    const [t, h, w] = grid;
    const gh = Math.floor(h / spatialMergeSize);
    const gw = Math.floor(w / spatialMergeSize);
    const count = t * gh * gw;
    let max = next;
    for (let k = 0; k < count; k++, i++) {
      if (ids[i] !== imageTokenId) {
        throw new Error(
          `ropePositions: image ${image} needs ${count} image tokens, the prompt has fewer`,
        );
      }
      const pt = next + Math.floor(k / (gh * gw));
      const ph = next + (Math.floor(k / gw) % gh);
      const pw = next + (k % gw);
      positions[i] = BigInt(pt);
      positions[length + i] = BigInt(ph);
      positions[2 * length + i] = BigInt(pw);
      max = Math.max(max, pt, ph, pw);
    }
    next = max + 1;
  }
  if (image !== grids.length) {
    throw new Error(
      `ropePositions: ${grids.length} image(s) given but the prompt has image tokens for ${image}`,
    );
  }
  return { positions, delta: next - length };
}
