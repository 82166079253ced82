import { analyzeQuery } from './analyzeQuery';
import { analyzeText } from './analyzeText';
import {
  categoryCodes,
  rangeContains,
  rangesIn,
  valuesIn,
  type CategoryCode,
  type Dimension,
  type SizeRange,
} from './extractQuantities';

const DIMENSIONS: readonly Dimension[] = ['mm', 'hu', 'pct'];
// Where a passage states each dimension's ranges, and its category codes (slot CODE_SLOT).
const QUANTITY_SLOTS = DIMENSIONS.length + 1;
const CODE_SLOT = DIMENSIONS.length;
const STATED_ABOUT = 2;
const STATED_IN_TEXT = 1;
import type { Guideline, GuidelinePack, Passage } from './guidelineSchema';
import { TypoCorrector } from './TypoCorrector';

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
// A word no passage contains still counts against support, as much as a word
// only one passage has: a step about amoxicillin is not "covered" by a
// pneumonia passage that matches its other words.
const UNKNOWN_WEIGHT_SHARE = 0.8;
// A size or category code in the step is content too: a passage whose
// heading states a range or code containing it covers it, one stating only
// other ranges or codes contradicts it.
const QUANTITY_WEIGHT_SHARE = 0.6;
const QUANTITY_MISMATCH = 0.35;
const QUANTITY_MATCH = 1.4;
// What a passage is about is its heading: a step that names most of the
// heading's concepts ranks that passage above one that merely mentions them.
const HEADING_SHARE_BOOST = 0.8;
// A passage whose heading names what the step says is absent (and that does
// not itself speak of its absence), when the step has positive content too.
const NEGATED_HEADING = 0.3;
// A finding said to be absent is still the step's topic ("no echogenic foci:
// 0 points" is about echogenic foci), but weighs less than a present one.
const NEGATED_WEIGHT_SHARE = 0.5;
// A concept found only in the guideline's title or id ("HEART score" for "the
// heart is normal") is weaker evidence and does not count as a matched concept.
const TITLE_ONLY_SHARE = 0.5;
// The routed specialty breaks ties; it never filters.
const PRIOR_BOOST = 0.1;

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
  /** Distinct concepts of the query the passage matches (a stated size or code that fits counts as one). */
  concepts: number;
  /** The share of the heading's concepts the query names. */
  headingShare: number;
  /** How the query's sizes and codes meet the ranges and codes the passage is about. */
  quantity: 'match' | 'mismatch' | 'none';
  /** Set on a passage returned only because its guideline is in the search's `bestOf`. */
  bestOf?: true;
  /** Set on a passage no term of the query reached (unmatchedHit): it has no support of its own. */
  unmatched?: true;
}

/** What a query holds, as the index sees it (for the citation judge). */
export interface QueryProfile {
  /** Every known term of the query (after typo correction). */
  terms: Set<string>;
  /** Concepts some passage knows. */
  concepts: number;
  /** The share of the query's weight that no passage knows. */
  unknownShare: number;
  /** The share of the known concepts said to be absent. */
  negatedShare: number;
  /** Sizes, HU and percentages, and category codes the query states. */
  quantities: number;
}

export interface SearchOptions {
  limit?: number;
  /** Only passages from packs that serve this specialty (a filter: for the library's search box). */
  specialty?: string;
  /** Passages of packs serving this specialty rank a little higher (a prior: for reasoning steps). */
  prior?: string;
  /** Per guideline id, a share by which its passages rank higher (e.g. the guidelines the question is about). */
  guidelineBoost?: ReadonlyMap<string, number>;
  /** Drop hits whose support is below this (0..1). */
  minSupport?: number;
  /** Drop hits that match fewer distinct concepts of the query (one rare shared word is no support). */
  minConcepts?: number;
  /**
   * Guidelines whose best passage is returned too when the ranked hits hold none of theirs,
   * after them and whatever its support (a chain's topics, for the citation judge to weigh).
   */
  bestOf?: ReadonlySet<string>;
}

/** A query's concepts resolved against the index, and the mass of those no passage knows. */
interface PlannedQuery {
  concepts: PlannedConcept[];
  unknownMass: number;
}

/** What a planned query holds (QueryProfile). */
function profileOf({ concepts, unknownMass }: PlannedQuery, query: string): QueryProfile {
  let known = 0;
  let negated = 0;
  for (const c of concepts) {
    known += c.weight;
    if (c.negated) negated += c.weight;
  }
  const quantities =
    DIMENSIONS.reduce((n, d) => n + valuesIn(query, d).length, 0) + categoryCodes(query).length;
  return {
    terms: new Set(concepts.flatMap((c) => c.terms.map((t) => t.term))),
    concepts: concepts.length,
    unknownShare: unknownMass / Math.max(1e-9, known + unknownMass),
    negatedShare: known > 0 ? negated / known : 0,
    quantities,
  };
}

/** A query concept resolved against the index: its known terms and weight. */
interface PlannedConcept {
  terms: { term: string; idf: number }[];
  weight: number;
  negated: boolean;
}

interface PassageFacets {
  headingTerms: Set<string>;
  /** The heading's concepts (numbers and units aside), each a list of alternative terms. */
  headingConcepts: string[][];
  /** Ranges and codes the heading, keywords or id state: what the passage is about. */
  ranges: Record<Dimension, SizeRange[]>;
  codes: CategoryCode[];
  /** Ranges and codes its text also mentions (conditions, other categories). */
  textRanges: Record<Dimension, SizeRange[]>;
  textCodes: CategoryCode[];
  /** Terms the passage's text speaks of as absent ("no hemorrhage", "without neovascularization"). */
  negatedTerms: Set<string>;
}

interface Posting {
  docs: Int32Array;
  weights: Float64Array;
  body: Uint8Array;
}

/** Postings as the passages are added: frequencies, not yet weights. */
type Building = Map<string, { docs: number[]; tfs: number[]; body: number[] }>;

interface Sentence {
  text: string;
  terms: Set<string>;
}

const splitSentences = (text: string): string[] =>
  text
    .split(/(?<=[.;!?])\s+(?=[A-Z0-9(])/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * An inverted BM25 index over the passages of some packs. Isomorphic (no
 * Node APIs): the renderer can build one from packs it receives as JSON.
 */
export class GuidelineIndex {
  readonly passages: IndexedPassage[] = [];
  private readonly byKey = new Map<string, number>();
  /** Per term: the passages holding it, its BM25 weight there (before idf), and whether the passage itself (not only its guideline's title or id) has it. */
  private readonly postings = new Map<string, Posting>();
  private readonly docLength: number[] = [];
  private readonly docTerms: Map<string, number>[] = [];
  private readonly sentences: Sentence[][] = [];
  private readonly facets: PassageFacets[] = [];
  private typos: TypoCorrector | undefined;
  private avgLength = 1;
  private scratch = new Float64Array(0);
  private matched = new Float64Array(0);
  private conceptCount = new Int32Array(0);
  private conceptBest = new Float64Array(0);
  private conceptStamp = new Int32Array(0);
  private conceptInBody = new Uint8Array(0);
  private stampCounter = 0;
  /** Per passage and quantity slot (DIMENSIONS, then codes): STATED_ABOUT, STATED_IN_TEXT or 0. */
  private quantityStated = new Uint8Array(0);
  /** Per passage, its guideline's number in guidelineIds. */
  private guidelineOf = new Int32Array(0);
  private readonly guidelineIds: string[] = [];
  private readonly guidelineNumber = new Map<string, number>();

  constructor(packs: readonly GuidelinePack[]) {
    // Term frequencies while the passages are added; weights need the average length of all.
    const building: Building = new Map();
    for (const pack of packs) {
      for (const guideline of pack.guidelines) {
        for (const passage of guideline.passages)
          this.add(
            {
              packId: pack.id,
              specialties: pack.specialties,
              guideline,
              passage,
              key: `${guideline.id}#${passage.id}`,
            },
            building,
          );
      }
    }
    this.avgLength =
      this.docLength.reduce((a, b) => a + b, 0) / Math.max(1, this.docLength.length) || 1;
    for (const [term, { docs, tfs, body }] of building) {
      const weights = tfs.map((tf, i) => {
        const norm =
          K1 * (1 - B + (B * (this.docLength[docs[i] as number] as number)) / this.avgLength);
        return (tf * (K1 + 1)) / (tf + norm);
      });
      this.postings.set(term, {
        docs: Int32Array.from(docs),
        weights: Float64Array.from(weights),
        body: Uint8Array.from(body),
      });
    }
    this.scratch = new Float64Array(this.passages.length);
    this.matched = new Float64Array(this.passages.length);
    this.conceptCount = new Int32Array(this.passages.length);
    this.conceptBest = new Float64Array(this.passages.length);
    this.conceptStamp = new Int32Array(this.passages.length);
    this.conceptInBody = new Uint8Array(this.passages.length);
    const numbers = this.guidelineNumber;
    this.guidelineOf = Int32Array.from(this.passages, ({ guideline }) => {
      if (!numbers.has(guideline.id))
        numbers.set(guideline.id, this.guidelineIds.push(guideline.id) - 1);
      return numbers.get(guideline.id) as number;
    });
    // Read for every passage a query touches, before its facets: a flat array stays in cache.
    this.quantityStated = new Uint8Array(this.passages.length * QUANTITY_SLOTS);
    this.facets.forEach((f, doc) => {
      const slots = [
        ...DIMENSIONS.map((d) => [f.ranges[d], f.textRanges[d]] as const),
        [f.codes, f.textCodes] as const,
      ];
      slots.forEach(([about, text], slot) => {
        this.quantityStated[doc * QUANTITY_SLOTS + slot] =
          about.length > 0 ? STATED_ABOUT : text.length > 0 ? STATED_IN_TEXT : 0;
      });
    });
  }

  private add(entry: IndexedPassage, building: Building): void {
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
    const bodyTerms = new Set(
      analyzeText([passage.text, passage.heading, ...passage.keywords].join(' . ')),
    );
    let length = 0;
    for (const [term, n] of tf) {
      length += n;
      let list = building.get(term);
      if (!list) building.set(term, (list = { docs: [], tfs: [], body: [] }));
      list.docs.push(doc);
      list.tfs.push(n);
      list.body.push(bodyTerms.has(term) ? 1 : 0);
    }
    this.docLength.push(length);
    this.docTerms.push(tf);
    this.sentences.push(
      splitSentences(passage.text).map((text) => ({ text, terms: new Set(analyzeText(text)) })),
    );
    // What the passage is about, from its heading, keywords and id ("class-2f").
    const about = [passage.heading, ...passage.keywords, passage.id.replaceAll('-', ' ')].join(
      ' ; ',
    );
    this.facets.push({
      headingTerms: new Set(analyzeText(passage.heading)),
      headingConcepts: analyzeQuery(passage.heading)
        .filter((c) => !c.negated)
        .map((c) => c.terms),
      ranges: rangesPer(about),
      codes: categoryCodes(about),
      textRanges: rangesPer(passage.text),
      textCodes: categoryCodes(passage.text),
      negatedTerms: new Set(
        analyzeQuery(passage.text)
          .filter((c) => c.negated)
          .flatMap((c) => c.terms),
      ),
    });
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

  /**
   * A passage as a hit that no term of the query reached (no support): a chain's topic that a
   * step does not put in words ("10 - 2 = 8." in an ASPECTS count).
   */
  unmatchedHit(key: string): PassageHit | undefined {
    const doc = this.byKey.get(key);
    if (doc === undefined) return undefined;
    const entry = this.passages[doc] as IndexedPassage;
    return {
      ...entry,
      score: 0,
      support: 0,
      matched: 0,
      concepts: 0,
      headingShare: 0,
      quantity: 'none',
      bestOf: true,
      unmatched: true,
      // With no query terms, the excerpt is the passage's first sentence.
      excerpt: this.excerpt(doc, []),
    };
  }

  /** Ranked passages for a query (a search box entry or a reasoning step). */
  search(query: string, options: SearchOptions = {}): PassageHit[] {
    return this.ranked(query, this.plan(query), options);
  }

  /** The ranked passages and the query's profile from one reading of the query (what the citation judge needs). */
  searchWithProfile(
    query: string,
    options: SearchOptions = {},
  ): { hits: PassageHit[]; profile: QueryProfile } {
    const planned = this.plan(query);
    return { hits: this.ranked(query, planned, options), profile: profileOf(planned, query) };
  }

  private ranked(
    query: string,
    { concepts, unknownMass }: PlannedQuery,
    options: SearchOptions,
  ): PassageHit[] {
    const {
      limit = 10,
      specialty,
      prior,
      guidelineBoost,
      minSupport = 0,
      minConcepts = 1,
      bestOf,
    } = options;
    if (concepts.length === 0) return [];
    const negated = concepts.filter((c) => c.negated).flatMap((c) => c.terms.map((t) => t.term));
    const hasPositive = concepts.some((c) => !c.negated);
    const N = this.passages.length;
    const rare = Math.log(1 + (N - 0.5) / 1.5);
    const values = DIMENSIONS.map((d) => [d, valuesIn(query, d)] as const).filter(
      ([, v]) => v.length > 0,
    );
    const codes = categoryCodes(query);
    const quantitySlots = values.map(([d]) => DIMENSIONS.indexOf(d));
    if (codes.length > 0) quantitySlots.push(CODE_SLOT);
    const quantityWeight = QUANTITY_WEIGHT_SHARE * rare;
    let queryMass = unknownMass;
    for (const c of concepts) queryMass += c.weight;
    queryMass += quantityWeight * values.length;
    if (codes.length > 0) queryMass += quantityWeight;

    const scores = this.scratch;
    const matched = this.matched;
    const count = this.conceptCount;
    const touched: number[] = [];
    const best = this.conceptBest;
    const stamp = this.conceptStamp;
    const inBody = this.conceptInBody;
    for (let k = 0; k < concepts.length; k++) {
      // A concept counts once per passage, with its best-scoring term.
      const concept = concepts[k] as PlannedConcept;
      if (this.stampCounter >= 0x7ffffff0) {
        stamp.fill(0);
        this.stampCounter = 0;
      }
      const mark = ++this.stampCounter;
      const docs: number[] = [];
      for (const { term, idf } of concept.terms) {
        const list = this.postings.get(term);
        if (!list) continue;
        for (let i = 0; i < list.docs.length; i++) {
          const doc = list.docs[i] as number;
          const value = idf * (list.weights[i] as number);
          if (stamp[doc] !== mark) {
            stamp[doc] = mark;
            best[doc] = value;
            inBody[doc] = list.body[i] as number;
            docs.push(doc);
          } else {
            if (value > (best[doc] as number)) best[doc] = value;
            inBody[doc] = (inBody[doc] as number) | (list.body[i] as number);
          }
        }
      }
      for (const doc of docs) {
        if (count[doc] === 0 && matched[doc] === 0) touched.push(doc);
        const body = inBody[doc] === 1;
        const share = (concept.negated ? NEGATED_WEIGHT_SHARE : 1) * (body ? 1 : TITLE_ONLY_SHARE);
        scores[doc] = (scores[doc] as number) + (best[doc] as number) * share;
        matched[doc] = (matched[doc] as number) + concept.weight * (body ? 1 : TITLE_ONLY_SHARE);
        count[doc] = (count[doc] as number) + 1;
      }
    }

    const evidenceTarget = EVIDENCE_TERMS * rare;
    // The chain's topics by guideline number: a touched passage's guideline is a lookup away.
    let topicOf: Uint8Array | undefined;
    if (bestOf && bestOf.size > 0) {
      topicOf = new Uint8Array(this.guidelineIds.length);
      for (const id of bestOf) {
        const g = this.guidelineNumber.get(id);
        if (g !== undefined) topicOf[g] = 1;
      }
    }
    const queryTerms = new Set(concepts.flatMap((c) => c.terms.map((t) => t.term)));
    // Per passage kept: what its score is before the heading share (which can only raise it).
    const kept: Kept[] = [];
    for (const doc of touched) {
      let mass = matched[doc] as number;
      let concepts = count[doc] as number;
      const wanted = topicOf !== undefined && topicOf[this.guidelineOf[doc] as number] === 1;
      // What the query's values and codes can add here at most; skip what cannot pass.
      let extraConcepts = 0;
      let extraMass = 0;
      for (const slot of quantitySlots) {
        const stated = this.quantityStated[doc * QUANTITY_SLOTS + slot];
        if (stated === STATED_ABOUT) {
          extraConcepts++;
          extraMass += quantityWeight;
        } else if (stated === STATED_IN_TEXT) extraMass += quantityWeight / 2;
      }
      const most = mass + extraMass;
      if (
        concepts + extraConcepts < minConcepts ||
        (!wanted &&
          (most / (queryMass + SUPPORT_SMOOTHING)) * Math.min(1, most / evidenceTarget) <
            minSupport)
      ) {
        scores[doc] = 0;
        matched[doc] = 0;
        count[doc] = 0;
        continue;
      }
      const entry = this.passages[doc] as IndexedPassage;
      const facets = this.facets[doc] as PassageFacets;
      let factor = 1;
      let matches = 0;
      let quantity: PassageHit['quantity'] = 'none';
      // Each of the query's value dimensions, then its category codes, against the passage's.
      for (let k = 0; k <= values.length; k++) {
        const value = values[k];
        if (!value && codes.length === 0) break;
        // The text's own ranges or codes are read only when what the passage is about does not match.
        const about = value
          ? rangeFit(facets.ranges[value[0]], value[1])
          : codeFit(facets.codes, codes);
        if (about === 'match') {
          mass += quantityWeight;
          concepts++;
          matches++;
          quantity = 'match';
        } else if (
          (value
            ? rangeFit(facets.textRanges[value[0]], value[1])
            : codeFit(facets.textCodes, codes)) === 'match'
        ) {
          // Stated only as a condition in the text: covered, not what the passage is about.
          mass += quantityWeight / 2;
        } else if (about === 'mismatch') {
          factor *= QUANTITY_MISMATCH;
          if (quantity === 'none') quantity = 'mismatch';
        }
      }
      if (hasPositive)
        for (const term of negated)
          if (facets.headingTerms.has(term) && !facets.negatedTerms.has(term)) {
            factor *= NEGATED_HEADING;
            break;
          }
      const coverage = mass / (queryMass + SUPPORT_SMOOTHING);
      const support = coverage * Math.min(1, mass / evidenceTarget) * Math.min(1, factor);
      if (
        (support >= minSupport || wanted) &&
        (!specialty || entry.specialties.includes(specialty)) &&
        concepts >= minConcepts
      ) {
        const boost =
          (prior && entry.specialties.includes(prior) ? 1 + PRIOR_BOOST : 1) *
          (1 + (guidelineBoost?.get(entry.guideline.id) ?? 0));
        const bm25 = scores[doc] as number;
        kept.push({
          doc,
          bm25,
          factor,
          matches,
          boost,
          floor: rankScore(bm25, factor, 0, matches, boost),
          support,
          mass,
          concepts,
          quantity,
          ranked: support >= minSupport,
          guideline: wanted ? entry.guideline.id : undefined,
        });
      }
      scores[doc] = 0;
      matched[doc] = 0;
      count[doc] = 0;
    }
    // The heading share (0..1) multiplies a score by up to 1 + HEADING_SHARE_BOOST: it is read
    // only for passages that could still reach the first `limit`, and for the chain's topics.
    let limitFloor = -Infinity;
    const ranked = kept.filter((h) => h.ranked);
    if (ranked.length > limit) {
      const floors = new Float64Array(ranked.length);
      ranked.forEach((h, i) => (floors[i] = h.floor));
      floors.sort();
      limitFloor = floors[floors.length - limit] as number;
    }
    const hits: Hit[] = [];
    // Per guideline of bestOf, its best passage whatever the support floor.
    const bestOfHits = new Map<string, Hit>();
    for (const h of kept) {
      if (!h.guideline && h.floor * (1 + HEADING_SHARE_BOOST) * (1 + BOUND_SLACK) < limitFloor)
        continue;
      const share = headingShare((this.facets[h.doc] as PassageFacets).headingConcepts, queryTerms);
      const hit: Hit = {
        doc: h.doc,
        score: rankScore(h.bm25, h.factor, share, h.matches, h.boost),
        support: h.support,
        mass: h.mass,
        concepts: h.concepts,
        headingShare: share,
        quantity: h.quantity,
      };
      if (h.ranked) hits.push(hit);
      if (h.guideline && hit.score > (bestOfHits.get(h.guideline)?.score ?? -1))
        bestOfHits.set(h.guideline, hit);
    }
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    const allTerms = concepts.flatMap((c) => c.terms);
    const top = hits.slice(0, limit);
    if (bestOfHits.size > 0) {
      const present = new Set(
        top.map((h) => (this.passages[h.doc] as IndexedPassage).guideline.id),
      );
      for (const [guideline, hit] of bestOfHits)
        if (!present.has(guideline)) top.push({ ...hit, bestOf: true });
    }
    // Written out field by field (in the order spreading gave): spreading objects here was a
    // fifth of a search's time.
    return top.map((hit) => {
      const entry = this.passages[hit.doc] as IndexedPassage;
      const fields = {
        packId: entry.packId,
        specialties: entry.specialties,
        guideline: entry.guideline,
        passage: entry.passage,
        key: entry.key,
        score: hit.score,
        support: hit.support,
        concepts: hit.concepts,
        headingShare: hit.headingShare,
        quantity: hit.quantity,
      };
      const matched = hit.mass;
      const excerpt = this.excerpt(hit.doc, allTerms);
      return hit.bestOf
        ? { ...fields, bestOf: true, matched, excerpt }
        : { ...fields, matched, excerpt };
    });
  }

  /** The query's known terms and what share of it no passage knows or it says is absent. */
  profile(query: string): QueryProfile {
    return profileOf(this.plan(query), query);
  }

  /** The largest idf a term can have here (a term only one passage holds). */
  get rareIdf(): number {
    const N = this.passages.length;
    return Math.log(1 + (N - 0.5) / 1.5);
  }

  /**
   * Resolves a query's concepts against the index: known terms with their
   * idf (a misspelt term corrected when one vocabulary term is one edit
   * away), the mass of concepts no passage knows, and the negated terms.
   */
  private plan(query: string): PlannedQuery {
    const N = this.passages.length;
    const unknownWeight = UNKNOWN_WEIGHT_SHARE * Math.log(1 + (N - 0.5) / 1.5);
    const concepts: PlannedConcept[] = [];
    let unknownMass = 0;
    for (const concept of analyzeQuery(query)) {
      const share = concept.negated ? NEGATED_WEIGHT_SHARE : 1;
      let terms = concept.terms
        .map((term) => ({ term, idf: this.idf(term) }))
        .filter((t) => t.idf > 0);
      if (terms.length === 0) {
        this.typos ??= new TypoCorrector(this.postings.keys());
        terms = concept.terms
          .map((t) => this.typos?.correct(t))
          .filter((t): t is string => t !== undefined)
          .map((term) => ({ term, idf: this.idf(term) }));
      }
      if (terms.length === 0) unknownMass += unknownWeight * share;
      else
        concepts.push({
          terms,
          weight: share * Math.max(...terms.map((t) => t.idf)),
          negated: concept.negated,
        });
    }
    return { concepts, unknownMass };
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

// Packs do not change once loaded, so one index serves every question asked of the same list.
const indexOfPacks = new WeakMap<readonly GuidelinePack[], GuidelineIndex>();

/** Builds the index over the given packs (optionally only those serving one specialty). */
export function createGuidelineIndex(
  packs: readonly GuidelinePack[],
  specialty?: string,
): GuidelineIndex {
  if (specialty) return new GuidelineIndex(packs.filter((p) => p.specialties.includes(specialty)));
  let index = indexOfPacks.get(packs);
  if (!index) indexOfPacks.set(packs, (index = new GuidelineIndex(packs)));
  return index;
}

/**
 * How a passage's stated ranges or codes meet the query's: `match` when one
 * contains a query value, `mismatch` when it states comparable ones but none
 * contains it, `none` when either side states nothing comparable.
 */
type Fit = 'match' | 'mismatch' | 'none';

/** Stated ranges against the query's values of the same dimension (any range is comparable). */
function rangeFit(stated: readonly SizeRange[], values: readonly number[]): Fit {
  if (stated.length === 0 || values.length === 0) return 'none';
  for (const range of stated)
    for (const value of values) if (rangeContains(range, value)) return 'match';
  return 'mismatch';
}

/** Stated category codes against the query's (a code of the same family is comparable). */
function codeFit(stated: readonly CategoryCode[], codes: readonly CategoryCode[]): Fit {
  if (stated.length === 0 || codes.length === 0) return 'none';
  let comparable = false;
  for (const c of stated)
    for (const q of codes)
      if (c.family === q.family) {
        if (c.value === q.value) return 'match';
        comparable = true;
      }
  return comparable ? 'mismatch' : 'none';
}

/** A hit's ranking score: BM25 times what its sizes, codes, heading and boosts make of it. */
function rankScore(
  bm25: number,
  factor: number,
  share: number,
  matches: number,
  boost: number,
): number {
  let rank = 1 + HEADING_SHARE_BOOST * share;
  for (let k = 0; k < matches; k++) rank *= QUANTITY_MATCH;
  return bm25 * factor * rank * boost;
}

// A bound computed by another order of the same products may differ in the last bits.
const BOUND_SLACK = 1e-12;

/** A passage that passed the support floor (or is a chain topic's), before its heading share. */
interface Kept {
  doc: number;
  bm25: number;
  factor: number;
  matches: number;
  boost: number;
  /** Its score with no heading share: the least it can rank at. */
  floor: number;
  support: number;
  mass: number;
  concepts: number;
  quantity: PassageHit['quantity'];
  /** Whether it is ranked (its support reaches the floor) rather than kept only as a topic's. */
  ranked: boolean;
  /** Its guideline, when that is one of the search's bestOf topics. */
  guideline: string | undefined;
}

/** A ranked passage with its score and what the judge reads of it. */
interface Hit {
  doc: number;
  score: number;
  support: number;
  mass: number;
  concepts: number;
  headingShare: number;
  quantity: PassageHit['quantity'];
  bestOf?: true;
}

/** The ranges a text states, per dimension. */
const rangesPer = (text: string): Record<Dimension, SizeRange[]> => ({
  mm: rangesIn(text, 'mm'),
  hu: rangesIn(text, 'hu'),
  pct: rangesIn(text, 'pct'),
});

/** The share of a heading's concepts the query names (0 for a heading with none). */
function headingShare(
  headingConcepts: readonly string[][],
  queryTerms: ReadonlySet<string>,
): number {
  if (headingConcepts.length === 0) return 0;
  let named = 0;
  for (const terms of headingConcepts) if (terms.some((t) => queryTerms.has(t))) named++;
  return named / headingConcepts.length;
}
