import { analyzeText } from './analyzeText';
import type { Guideline, GuidelinePack, Passage } from './guidelineSchema';

// Okapi BM25 (Robertson & Zaragoza 2009, "The Probabilistic Relevance
// Framework: BM25 and Beyond"), with the usual k1/b defaults.
const K1 = 1.2;
const B = 0.75;
// A light BM25F: the heading (which names the category, e.g. "Category 4B")
// counts three times, keywords and the guideline's title twice.
const HEADING_BOOST = 3;
const FIELD_BOOST = 2;
// Support = coverage x evidence. Coverage: the share of the query's idf mass
// the passage matches, smoothed so a one-word query is not "fully covered".
// Evidence: matched idf mass relative to EVIDENCE_TERMS terms that only one
// passage has, so a step matching one or two common words stays low whatever
// the corpus size. Calibrated on the hand-written pairs in linkCitations.cases.ts.
const SUPPORT_SMOOTHING = 3;
const EVIDENCE_TERMS = 1.5;

export interface IndexedPassage {
  packId: string;
  specialties: string[];
  guideline: Guideline;
  passage: Passage;
  /** `guideline#passage`, the citation key. */
  key: string;
}

export interface PassageHit extends IndexedPassage {
  /** BM25 score, for ranking only (not comparable across queries). */
  score: number;
  /** 0..1: how well the passage covers the query's informative terms (see SUPPORT_SMOOTHING). */
  support: number;
  /** Sum of the idf of the query terms the passage contains (absolute evidence). */
  matched: number;
  /** The sentence of the passage that best matches the query. */
  excerpt: string;
}

export interface SearchOptions {
  limit?: number;
  /** Only passages from packs that serve this specialty. */
  specialty?: string;
  /** Drop hits whose support is below this (0..1). */
  minSupport?: number;
}

interface Sentence {
  text: string;
  terms: Set<string>;
}

const splitSentences = (text: string): string[] =>
  text
    .split(/(?<=[.;!?])\s+(?=[A-Z0-9(])/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Builds a query plan: unique terms with their idf, dropping terms no passage has. */
function planQuery(index: GuidelineIndex, query: string) {
  const terms: { term: string; idf: number; qtf: number }[] = [];
  const counts = new Map<string, number>();
  for (const t of analyzeText(query)) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [term, qtf] of counts) {
    const idf = index.idf(term);
    if (idf > 0) terms.push({ term, idf, qtf });
  }
  return terms;
}

/**
 * An inverted BM25 index over the passages of some packs. Isomorphic (no
 * Node APIs): the renderer can build one from packs it receives as JSON.
 */
export class GuidelineIndex {
  readonly passages: IndexedPassage[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly docLength: number[] = [];
  private readonly docTerms: Map<string, number>[] = [];
  private readonly sentences: Sentence[][] = [];
  private avgLength = 1;
  private scratch = new Float64Array(0);
  private matched = new Float64Array(0);

  constructor(packs: readonly GuidelinePack[]) {
    for (const pack of packs) {
      for (const guideline of pack.guidelines) {
        for (const passage of guideline.passages)
          this.add({
            packId: pack.id,
            specialties: pack.specialties,
            guideline,
            passage,
            key: `${guideline.id}#${passage.id}`,
          });
      }
    }
    this.avgLength =
      this.docLength.reduce((a, b) => a + b, 0) / Math.max(1, this.docLength.length) || 1;
    this.scratch = new Float64Array(this.passages.length);
    this.matched = new Float64Array(this.passages.length);
  }

  private add(entry: IndexedPassage): void {
    const doc = this.passages.length;
    this.passages.push(entry);
    this.byKey.set(entry.key, doc);
    const tf = new Map<string, number>();
    const bump = (terms: string[], weight: number) => {
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + weight);
    };
    const { guideline, passage } = entry;
    bump(analyzeText(passage.text), 1);
    bump(analyzeText(passage.heading), HEADING_BOOST);
    bump(
      analyzeText([...passage.keywords, guideline.title, guideline.id].join(' . ')),
      FIELD_BOOST,
    );
    let length = 0;
    for (const [term, n] of tf) {
      length += n;
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { docs: [], tfs: [] }));
      list.docs.push(doc);
      list.tfs.push(n);
    }
    this.docLength.push(length);
    this.docTerms.push(tf);
    this.sentences.push(
      splitSentences(passage.text).map((text) => ({ text, terms: new Set(analyzeText(text)) })),
    );
  }

  get size(): number {
    return this.passages.length;
  }

  /** Robertson–Spärck Jones idf, floored at 0; 0 for a term no passage has. */
  idf(term: string): number {
    const n = this.postings.get(term)?.docs.length ?? 0;
    if (n === 0) return 0;
    const N = this.passages.length;
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }

  /** The passage a citation key names (`fleischner-2017#solid-6-8mm`), if loaded. */
  get(key: string): IndexedPassage | undefined {
    const doc = this.byKey.get(key);
    return doc === undefined ? undefined : this.passages[doc];
  }

  /** Ranked passages for a query (a search box entry or a reasoning step). */
  search(query: string, options: SearchOptions = {}): PassageHit[] {
    const { limit = 10, specialty, minSupport = 0 } = options;
    const terms = planQuery(this, query);
    if (terms.length === 0) return [];
    const scores = this.scratch;
    const matched = this.matched;
    const touched: number[] = [];
    const evidenceTarget = EVIDENCE_TERMS * Math.log(1 + (this.passages.length - 0.5) / 1.5);
    let queryMass = 0;
    for (const { term, idf } of terms) {
      queryMass += idf;
      const list = this.postings.get(term);
      if (!list) continue;
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i] as number;
        const tf = list.tfs[i] as number;
        if (scores[doc] === 0) touched.push(doc);
        const norm = K1 * (1 - B + (B * (this.docLength[doc] as number)) / this.avgLength);
        scores[doc] = (scores[doc] as number) + (idf * tf * (K1 + 1)) / (tf + norm);
        matched[doc] = (matched[doc] as number) + idf;
      }
    }
    const hits: { doc: number; score: number; support: number; mass: number }[] = [];
    for (const doc of touched) {
      const entry = this.passages[doc] as IndexedPassage;
      const coverage = (matched[doc] as number) / (queryMass + SUPPORT_SMOOTHING);
      const support = coverage * Math.min(1, (matched[doc] as number) / evidenceTarget);
      if ((!specialty || entry.specialties.includes(specialty)) && support >= minSupport)
        hits.push({ doc, score: scores[doc] as number, support, mass: matched[doc] as number });
      scores[doc] = 0;
      matched[doc] = 0;
    }
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return hits.slice(0, limit).map(({ doc, score, support, mass }) => ({
      ...(this.passages[doc] as IndexedPassage),
      score,
      support,
      matched: mass,
      excerpt: this.excerpt(doc, terms),
    }));
  }

  /** The best-matching sentence of one passage for a query (e.g. for a citation the model wrote). */
  excerptFor(key: string, query: string): string {
    const doc = this.byKey.get(key);
    return doc === undefined ? '' : this.excerpt(doc, planQuery(this, query));
  }

  /** The sentence with the most matched idf mass (ties: the earlier one). */
  private excerpt(doc: number, terms: { term: string; idf: number }[]): string {
    const sentences = this.sentences[doc] ?? [];
    let best: Sentence | undefined;
    let bestMass = -1;
    for (const s of sentences) {
      let mass = 0;
      for (const { term, idf } of terms) if (s.terms.has(term)) mass += idf;
      if (mass > bestMass) {
        best = s;
        bestMass = mass;
      }
    }
    const text = best?.text ?? this.passages[doc]?.passage.text ?? '';
    return text.length <= 320 ? text : `${text.slice(0, 317).replace(/\s+\S*$/, '')}…`;
  }

  /** Term frequencies of one passage (for reference scorers and tests). */
  termsOf(doc: number): ReadonlyMap<string, number> {
    return this.docTerms[doc] ?? new Map();
  }

  docLengthOf(doc: number): number {
    return this.docLength[doc] ?? 0;
  }

  get averageLength(): number {
    return this.avgLength;
  }
}

/** Builds the index over the given packs (optionally only those serving one specialty). */
export function createGuidelineIndex(
  packs: readonly GuidelinePack[],
  specialty?: string,
): GuidelineIndex {
  return new GuidelineIndex(
    specialty ? packs.filter((p) => p.specialties.includes(specialty)) : packs,
  );
}
