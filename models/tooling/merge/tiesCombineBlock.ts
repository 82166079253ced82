import { combineBlock, trimBelow, type ModuleTally } from './mergeKernel';

let zeros = new Float32Array(0);

/**
 * TIES on one block in a single sweep: trim each expert's τ at its
 * threshold (ties kept), elect the sign, take the disjoint mean into `out`
 * and update the tallies, with the same arithmetic as trimBelow followed by
 * combineBlock but reading each τ once and writing nothing back. Up to four
 * experts run through locals (absent ones are a zero block with threshold
 * ∞: measured ~2× faster on V8 than indexing an array of arrays); more fall
 * back to the two-step kernels, which trim `taus` in place.
 */
export function tiesCombineBlock(
  taus: readonly Float32Array[],
  thresholds: readonly number[],
  out: Float32Array,
  tally: ModuleTally,
): void {
  const k = taus.length;
  const n = out.length;
  if (k > 4) {
    taus.forEach((tau, e) => trimBelow(tau, thresholds[e]!, tally.experts[e]!));
    combineBlock(taus, out, true, tally);
    return;
  }
  if (zeros.length < n) zeros = new Float32Array(n);
  const t0 = taus[0] ?? zeros;
  const t1 = taus[1] ?? zeros;
  const t2 = taus[2] ?? zeros;
  const t3 = taus[3] ?? zeros;
  const h0 = thresholds[0] ?? Infinity;
  const h1 = thresholds[1] ?? Infinity;
  const h2 = thresholds[2] ?? Infinity;
  const h3 = thresholds[3] ?? Infinity;
  let kept0 = 0, kept1 = 0, kept2 = 0, kept3 = 0; // prettier-ignore
  let keptMass0 = 0, keptMass1 = 0, keptMass2 = 0, keptMass3 = 0; // prettier-ignore
  let mass0 = 0, mass1 = 0, mass2 = 0, mass3 = 0; // prettier-ignore
  let nonZero0 = 0, nonZero1 = 0, nonZero2 = 0, nonZero3 = 0; // prettier-ignore
  let agree0 = 0, agree1 = 0, agree2 = 0, agree3 = 0; // prettier-ignore
  let given0 = 0, given1 = 0, given2 = 0, given3 = 0; // prettier-ignore
  let voted = 0;
  let conflicts = 0;
  let mergedMass = 0;
  // Branch-free like mergeKernel: kept and trimmed entries interleave at random.
  for (let i = 0; i < n; i++) {
    const m0 = Math.abs(t0[i]!);
    const m1 = Math.abs(t1[i]!);
    const m2 = Math.abs(t2[i]!);
    const m3 = Math.abs(t3[i]!);
    const k0 = +(m0 >= h0);
    const k1 = +(m1 >= h1);
    const k2 = +(m2 >= h2);
    const k3 = +(m3 >= h3);
    kept0 += k0;
    kept1 += k1;
    kept2 += k2;
    kept3 += k3;
    keptMass0 += m0 * k0;
    keptMass1 += m1 * k1;
    keptMass2 += m2 * k2;
    keptMass3 += m3 * k3;
    mass0 += m0;
    mass1 += m1;
    mass2 += m2;
    mass3 += m3;
    const v0 = t0[i]! * k0;
    const v1 = t1[i]! * k1;
    const v2 = t2[i]! * k2;
    const v3 = t3[i]! * k3;
    const p0 = +(v0 > 0);
    const p1 = +(v1 > 0);
    const p2 = +(v2 > 0);
    const p3 = +(v3 > 0);
    const n0 = +(v0 < 0);
    const n1 = +(v1 < 0);
    const n2 = +(v2 < 0);
    const n3 = +(v3 < 0);
    const pos = v0 * p0 + v1 * p1 + v2 * p2 + v3 * p3;
    const neg = v0 * n0 + v1 * n1 + v2 * n2 + v3 * n3;
    const np = p0 + p1 + p2 + p3;
    const nn = n0 + n1 + n2 + n3;
    voted += +(np + nn > 0);
    conflicts += +(np > 0) * +(nn > 0);
    const sum = pos + neg;
    const up = +(sum > 0);
    const down = +(sum < 0);
    const count = up * np + down * nn;
    const inverse = 1 / (count + +(count === 0));
    const r = (up * pos + down * neg) * inverse;
    out[i] = r;
    mergedMass += Math.abs(r);
    // v·f = |v|/count when v agrees with the elected sign, < 0 when it lost.
    const f = (up - down) * inverse;
    const c0 = v0 * f;
    const c1 = v1 * f;
    const c2 = v2 * f;
    const c3 = v3 * f;
    const a0 = +(c0 > 0);
    const a1 = +(c1 > 0);
    const a2 = +(c2 > 0);
    const a3 = +(c3 > 0);
    given0 += c0 * a0;
    given1 += c1 * a1;
    given2 += c2 * a2;
    given3 += c3 * a3;
    agree0 += a0;
    agree1 += a1;
    agree2 += a2;
    agree3 += a3;
    nonZero0 += +(v0 !== 0);
    nonZero1 += +(v1 !== 0);
    nonZero2 += +(v2 !== 0);
    nonZero3 += +(v3 !== 0);
  }
  tally.entries += n;
  tally.votedEntries += voted;
  tally.conflictEntries += conflicts;
  tally.mergedMass += mergedMass;
  const sums = [
    [kept0, keptMass0, mass0, nonZero0, agree0, given0],
    [kept1, keptMass1, mass1, nonZero1, agree1, given1],
    [kept2, keptMass2, mass2, nonZero2, agree2, given2],
    [kept3, keptMass3, mass3, nonZero3, agree3, given3],
  ];
  for (let e = 0; e < k; e++) {
    const [kept, keptMass, mass, nonZero, agreeing, contributed] = sums[e]!;
    const expert = tally.experts[e]!;
    expert.keptEntries += kept!;
    expert.trimmedEntries += n - kept!;
    expert.keptMass += keptMass!;
    expert.trimmedMass += mass! - keptMass!;
    expert.electedAway += nonZero! - agreeing!;
    expert.contributedMass += contributed!;
  }
}
