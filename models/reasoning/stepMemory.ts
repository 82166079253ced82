/**
 * Labelled reasoning steps the citation judge remembers, searched by TF-IDF
 * cosine over words and word pairs. Lexical support tells what a passage
 * shares with a step, not whether steps written like this one are cited at
 * all: "Total = 4." in a scoring chain is, "Dose: 0.9 mg/kg…" in a stroke chain
 * is not. The labels of the nearest remembered steps carry that, and on the
 * training halves' cross-validation by writer they added 1–4 points of
 * precision and recall (models/bench/citationJudgeBench.ts).
 */
export interface MemoryStep {
  text: string;
  /** The guidelines a clinician accepts for it; empty when none should be cited. */
  guidelines: readonly string[];
}

/** A remembered step near a query, with its cosine similarity (0..1). */
export interface Neighbour {
  step: MemoryStep;
  similarity: number;
}

export interface StepMemory {
  readonly steps: readonly MemoryStep[];
  /** Term → idf, for terms at least MIN_DF remembered steps use. */
  readonly idf: ReadonlyMap<string, number>;
  /** Term → the steps using it and the term's weight in each (unit-length vectors). */
  readonly postings: ReadonlyMap<string, { docs: Int32Array; weights: Float32Array }>;
}

// A term must appear in this many steps to count: one writer's odd word is noise.
const MIN_DF = 2;
/** How many neighbours the judge reads. */
export const MEMORY_NEIGHBOURS = 10;

// Below this cosine two texts cannot be the same sentence (float32 weights round a little).
const IDENTICAL = 0.999;

const normalised = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Words of two or more letters or digits, and each pair of neighbouring words. */
export function memoryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
  const terms = [...words];
  for (let i = 1; i < words.length; i++) terms.push(`${words[i - 1]} ${words[i]}`);
  return terms;
}

function counts(terms: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** A unit-length TF-IDF vector (sublinear term frequency) over the memory's terms. */
function vectorOf(text: string, idf: ReadonlyMap<string, number>): Map<string, number> {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, n] of counts(memoryTerms(text))) {
    const w = idf.get(term);
    if (w === undefined) continue;
    const value = (1 + Math.log(n)) * w;
    vector.set(term, value);
    norm += value * value;
  }
  const length = Math.sqrt(norm) || 1;
  for (const [term, value] of vector) vector.set(term, value / length);
  return vector;
}

/** Builds the memory's index; the steps are kept in the order given. */
export function createStepMemory(steps: readonly MemoryStep[]): StepMemory {
  const df = new Map<string, number>();
  for (const s of steps)
    for (const t of new Set(memoryTerms(s.text))) df.set(t, (df.get(t) ?? 0) + 1);
  const n = steps.length;
  const idf = new Map<string, number>();
  // Smoothed idf, as if one more step held every term, so no weight is zero or infinite.
  for (const [t, d] of df) if (d >= MIN_DF) idf.set(t, Math.log((1 + n) / (1 + d)) + 1);
  const lists = new Map<string, { docs: number[]; weights: number[] }>();
  steps.forEach((s, doc) => {
    for (const [term, weight] of vectorOf(s.text, idf)) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = { docs: [], weights: [] }));
      list.docs.push(doc);
      list.weights.push(weight);
    }
  });
  const postings = new Map<string, { docs: Int32Array; weights: Float32Array }>();
  for (const [term, list] of lists)
    postings.set(term, {
      docs: Int32Array.from(list.docs),
      weights: Float32Array.from(list.weights),
    });
  return { steps, idf, postings };
}

/** The `k` remembered steps most like `text`, most similar first (an identical sentence is skipped). */
export function nearestSteps(memory: StepMemory, text: string, k = MEMORY_NEIGHBOURS): Neighbour[] {
  const scores = scratchOf(memory);
  const touched: number[] = [];
  for (const [term, weight] of vectorOf(text, memory.idf)) {
    const list = memory.postings.get(term);
    if (!list) continue;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] as number;
      if (scores[doc] === 0) touched.push(doc);
      scores[doc] = (scores[doc] as number) + weight * (list.weights[i] as number);
    }
  }
  const key = normalised(text);
  // The k best in one pass (k is small): an insertion into a short sorted list.
  const best: { doc: number; score: number }[] = [];
  for (const doc of touched) {
    const score = scores[doc] as number;
    scores[doc] = 0;
    if (best.length === k && score <= (best[k - 1] as { score: number }).score) continue;
    // A step never counts an identical sentence (itself, in-sample) as its neighbour; only a
    // cosine of 1 can be one, so the texts are compared for those alone.
    if (score > IDENTICAL && normalised((memory.steps[doc] as MemoryStep).text) === key) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as { score: number }).score < score) at--;
    best.splice(at, 0, { doc, score });
    if (best.length > k) best.pop();
  }
  return best.map(({ doc, score }) => ({
    step: memory.steps[doc] as MemoryStep,
    similarity: Math.min(1, score),
  }));
}

// One score buffer per memory, reused by every query (searches never overlap: JS is single-threaded).
const scratch = new WeakMap<StepMemory, Float64Array>();
function scratchOf(memory: StepMemory): Float64Array {
  let buffer = scratch.get(memory);
  if (!buffer) scratch.set(memory, (buffer = new Float64Array(memory.steps.length)));
  return buffer;
}

/** What the neighbours say of one guideline: the similarity-weighted share citing it, citing nothing, and the nearest similarity. */
export function neighbourVotes(
  neighbours: readonly Neighbour[],
  guideline: string,
): { share: number; none: number; nearest: number } {
  let total = 0;
  let cites = 0;
  let none = 0;
  for (const { step, similarity } of neighbours) {
    total += similarity;
    if (step.guidelines.length === 0) none += similarity;
    else if (step.guidelines.includes(guideline)) cites += similarity;
  }
  return total > 0
    ? { share: cites / total, none: none / total, nearest: neighbours[0]?.similarity ?? 0 }
    : { share: 0, none: 0, nearest: 0 };
}
