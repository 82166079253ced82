import type { TokenLogprob } from '../protocol';
import type { LogitsRow } from './greedyDecode';

/**
 * The chosen token's log-probability and the `top` most probable tokens,
 * from one step's logits: log-softmax over the whole vocabulary (one pass
 * for the maximum, one for the sum, the top kept in a small sorted list).
 * `text` names a token id as the client sees it.
 */
export function tokenLogprob(
  row: LogitsRow,
  chosen: number,
  top: number,
  text: (id: number) => string,
): TokenLogprob {
  let max = -Infinity;
  for (let i = 0; i < row.size; i++) max = Math.max(max, row.at(i));
  let sum = 0;
  const best: [id: number, logit: number][] = [];
  for (let i = 0; i < row.size; i++) {
    const v = row.at(i);
    sum += Math.exp(v - max);
    if (top > 0 && (best.length < top || v > best[best.length - 1]![1])) {
      let at = best.length;
      while (at > 0 && best[at - 1]![1] < v) at--;
      best.splice(at, 0, [i, v]);
      if (best.length > top) best.pop();
    }
  }
  const logZ = max + Math.log(sum);
  return {
    logprob: row.at(chosen) - logZ,
    top: best.map(([id, v]) => ({ token: text(id), logprob: v - logZ })),
  };
}
