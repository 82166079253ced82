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
  readonly postings: ReadonlyMap<string, TermPostings>;
  /** Each step's vector by term number (`TermPostings.id`), for scoring one step without the postings. */
  readonly vectors: StepVectors;
  /** Normalised text → the steps with that text (a step is never its own neighbour). */
  readonly sameText: ReadonlyMap<string, readonly number[]>;
}

/** The steps using one term, ascending, with the term's weight in each. */
export interface TermPostings {
  /** The term's number in `StepVectors.terms`. */
  id: number;
  docs: Int32Array;
  weights: Float32Array;
  /** The largest of `weights`: the most the term can add to a cosine, per unit of query weight. */
  maxWeight: number;
}

/** Step `d`'s terms are `terms[start[d]] … terms[start[d + 1] - 1]`, ascending, with their weights. */
export interface StepVectors {
  start: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
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
export function vectorOf(text: string, idf: ReadonlyMap<string, number>): Map<string, number> {
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
export const createStepMemory = (steps: readonly MemoryStep[]): StepMemory =>
  finishBuild(buildStepMemory(steps));

/** Runs a sliced build (buildStepMemory) from wherever it stands to its end. */
export function finishBuild(build: Generator<void, StepMemory>): StepMemory {
  for (;;) {
    const next = build.next();
    if (next.done) return next.value;
  }
}

// Steps indexed between two pauses of a sliced build: a few milliseconds of work.
const BUILD_SLICE = 500;

/**
 * The memory's index built in slices: the generator pauses every BUILD_SLICE steps, so a caller
 * can give the event loop a turn between slices (tens of thousands of steps take about a second).
 * Run to the end, it returns what createStepMemory does.
 */
export function* buildStepMemory(steps: readonly MemoryStep[]): Generator<void, StepMemory> {
  const df = new Map<string, number>();
  for (let doc = 0; doc < steps.length; doc++) {
    for (const t of new Set(memoryTerms((steps[doc] as MemoryStep).text)))
      df.set(t, (df.get(t) ?? 0) + 1);
    if (doc % BUILD_SLICE === BUILD_SLICE - 1) yield;
  }
  const n = steps.length;
  const idf = new Map<string, number>();
  // Smoothed idf, as if one more step held every term, so no weight is zero or infinite.
  for (const [t, d] of df) if (d >= MIN_DF) idf.set(t, Math.log((1 + n) / (1 + d)) + 1);
  yield;
  const lists = new Map<string, { id: number; docs: number[]; weights: number[] }>();
  const start = new Int32Array(n + 1);
  const vectorTerms: number[] = [];
  const vectorWeights: number[] = [];
  for (let doc = 0; doc < n; doc++) {
    const entries: [number, number][] = [];
    for (const [term, weight] of vectorOf((steps[doc] as MemoryStep).text, idf)) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = { id: lists.size, docs: [], weights: [] }));
      list.docs.push(doc);
      list.weights.push(weight);
      entries.push([list.id, weight]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    for (const [term, weight] of entries) {
      vectorTerms.push(term);
      vectorWeights.push(weight);
    }
    start[doc + 1] = vectorTerms.length;
    if (doc % BUILD_SLICE === BUILD_SLICE - 1) yield;
  }
  const postings = new Map<string, TermPostings>();
  for (const [term, list] of lists) {
    const weights = Float32Array.from(list.weights);
    postings.set(term, {
      id: list.id,
      docs: Int32Array.from(list.docs),
      weights,
      maxWeight: weights.reduce((a, b) => Math.max(a, b), 0),
    });
    if (postings.size % (BUILD_SLICE * 20) === 0) yield;
  }
  yield;
  const vectors = {
    start,
    terms: Int32Array.from(vectorTerms),
    weights: Float32Array.from(vectorWeights),
  };
  const sameText = new Map<string, number[]>();
  for (let doc = 0; doc < n; doc++) {
    const key = normalised((steps[doc] as MemoryStep).text);
    const list = sameText.get(key);
    if (list) list.push(doc);
    else sameText.set(key, [doc]);
    if (doc % (BUILD_SLICE * 4) === BUILD_SLICE * 4 - 1) yield;
  }
  return { steps, idf, postings, vectors, sameText };
}

/** The `k` remembered steps most like `text`, most similar first (an identical sentence is skipped). */
export function nearestSteps(memory: StepMemory, text: string, k = MEMORY_NEIGHBOURS): Neighbour[] {
  const query: { list: TermPostings; weight: number }[] = [];
  for (const [term, weight] of vectorOf(text, memory.idf)) {
    const list = memory.postings.get(term);
    if (list) query.push({ list, weight });
  }
  // Steps whose text is the query's own sentence (itself, in-sample) are never neighbours.
  const own = memory.sameText.get(normalised(text)) ?? [];
  const identical = (doc: number) => own.includes(doc);
  const { scores, touched } = scratchOf(memory);
  let reached = 0;
  // MaxScore (Turtle & Flood 1995): the rarest terms are summed from their postings; the
  // commonest ("the", "of the") are not read at all once even their largest weights together
  // cannot lift a step no rarer term reached above the k-th best so far. Then only steps that
  // could still reach the k best are scored, whole, from their own vectors.
  const byLength = [...query].sort((a, b) => a.list.docs.length - b.list.docs.length);
  let rest = 0;
  for (const { list, weight } of byLength) rest += weight * list.maxWeight;
  let kth = 0;
  let read = 0;
  for (; read < byLength.length; read++) {
    const { list, weight } = byLength[read] as { list: TermPostings; weight: number };
    // Finding the k-th best costs a pass over the touched steps: worth it only before a long list.
    if (list.docs.length >= LONG_LIST) {
      kth = kthLargest(touched, reached, scores, k, identical);
      if (rest + BOUND_SLACK < kth) break;
    }
    rest -= weight * list.maxWeight;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] as number;
      if (scores[doc] === 0) touched[reached++] = doc;
      scores[doc] = (scores[doc] as number) + weight * (list.weights[i] as number);
    }
  }
  // The touched steps that could still reach the k best, with the unread terms added from their
  // own vectors while they still could; the k-th best of those completed rises as they come.
  const unread = byLength.slice(read);
  const restAfter = new Float64Array(unread.length);
  for (let j = unread.length - 2; j >= 0; j--) {
    const next = unread[j + 1] as { list: TermPostings; weight: number };
    restAfter[j] = (restAfter[j + 1] as number) + next.weight * next.list.maxWeight;
  }
  const near: number[] = [];
  const approx: number[] = [];
  const top: number[] = [];
  for (let t = 0; t < reached; t++) {
    const doc = touched[t] as number;
    let score = scores[doc] as number;
    scores[doc] = 0;
    if (score + rest + BOUND_SLACK < kth) continue;
    let j = 0;
    for (; j < unread.length; j++) {
      const { list, weight } = unread[j] as { list: TermPostings; weight: number };
      score += weight * weightIn(memory.vectors, doc, list.id);
      if (score + (restAfter[j] as number) + BOUND_SLACK < kth) break;
    }
    if (j < unread.length) continue;
    near.push(doc);
    approx.push(score);
    if (identical(doc)) continue;
    insertTop(top, score, k);
    if (top.length === k) kth = Math.max(kth, top[k - 1] as number);
  }
  const cut = kth - BOUND_SLACK;
  const candidates: { doc: number; first: number; score: number }[] = [];
  near.forEach((doc, i) => {
    if ((approx[i] as number) >= cut) candidates.push(scoreWhole(memory, query, doc));
  });
  // In the order a full pass over the postings meets the steps, so ties fall the same way.
  candidates.sort((a, b) => a.first - b.first || a.doc - b.doc);
  // The k best in one pass (k is small): an insertion into a short sorted list.
  const best: { doc: number; score: number }[] = [];
  for (const { doc, score } of candidates) {
    if (best.length === k && score <= (best[k - 1] as { score: number }).score) continue;
    // A step never counts an identical sentence (itself, in-sample) as its neighbour; only a
    // cosine of 1 can be one, so the texts are compared for those alone.
    if (score > IDENTICAL && identical(doc)) continue;
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

// Postings shorter than this are read without first asking whether they could change the k best.
const LONG_LIST = 1024;
// Partial sums and whole scores add the same products in different orders; bounds allow for that.
const BOUND_SLACK = 1e-9;

/**
 * Step `doc`'s cosine with the query, adding the products in the query's term order as a pass
 * over the postings does (so it is the same number to the last bit), and the first query term it
 * holds (where that pass first meets it).
 */
function scoreWhole(
  { vectors }: StepMemory,
  query: readonly { list: TermPostings; weight: number }[],
  doc: number,
): { doc: number; first: number; score: number } {
  let score = 0;
  let first = -1;
  for (let q = 0; q < query.length; q++) {
    const { list, weight } = query[q] as { list: TermPostings; weight: number };
    const w = weightIn(vectors, doc, list.id);
    if (w === 0) continue;
    score += weight * w;
    if (first < 0) first = q;
  }
  return { doc, first, score };
}

/** Term `term`'s weight in step `doc`'s vector (0 if absent), by binary search. */
function weightIn(vectors: StepVectors, doc: number, term: number): number {
  let lo = vectors.start[doc] as number;
  let hi = (vectors.start[doc + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = vectors.terms[mid] as number;
    if (at === term) return vectors.weights[mid] as number;
    if (at < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** The k-th largest score of the first `count` touched steps, leaving out the query's own sentence (0 if fewer). */
function kthLargest(
  touched: Int32Array,
  count: number,
  scores: Float64Array,
  k: number,
  identical: (doc: number) => boolean,
): number {
  if (count < k) return 0;
  const top: number[] = [];
  for (let t = 0; t < count; t++) {
    const doc = touched[t] as number;
    const score = scores[doc] as number;
    // The text comparison only for a score that would enter the k best.
    if (top.length === k && score <= (top[k - 1] as number)) continue;
    if (!identical(doc)) insertTop(top, score, k);
  }
  return top.length === k ? (top[k - 1] as number) : 0;
}

/** Puts `score` into `top` (descending, at most `k` long) if it belongs among the k best. */
function insertTop(top: number[], score: number, k: number): void {
  if (top.length === k && score <= (top[k - 1] as number)) return;
  let at = top.length;
  while (at > 0 && (top[at - 1] as number) < score) at--;
  top.splice(at, 0, score);
  if (top.length > k) top.pop();
}

// One score buffer and one list of the steps reached per memory, reused by every query (searches
// never overlap: JS is single-threaded).
const scratch = new WeakMap<StepMemory, { scores: Float64Array; touched: Int32Array }>();
function scratchOf(memory: StepMemory): { scores: Float64Array; touched: Int32Array } {
  let buffers = scratch.get(memory);
  if (!buffers) {
    const n = memory.steps.length;
    scratch.set(memory, (buffers = { scores: new Float64Array(n), touched: new Int32Array(n) }));
  }
  return buffers;
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
