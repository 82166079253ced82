import {
  CITATION_QUALITY_TAGS,
  expectedPassages,
  type CitationQualityCase,
  type CitationQualityExpect,
  type CitationQualityHalf,
  type CitationQualityTag,
} from './citationQualitySet';

/** Which routing a step was linked under: its own case, or a variant's wrong specialty or placeholder age. */
export const ROUTING_KINDS = ['base', 'wrong-specialty', 'placeholder-age'] as const;
export type RoutingKind = (typeof ROUTING_KINDS)[number];

export interface LinkedCitation {
  guideline: string;
  passage: string;
  score: number;
  source: string;
  /** The judge's probability for the citation's guideline (absent without the judge). */
  confidence?: number;
}

/** One step of the set after the product linked it. */
export interface StepOutcome {
  half: CitationQualityHalf;
  caseId: string;
  /** 1-based position of the step in its case. */
  step: number;
  text: string;
  tags: CitationQualityTag[];
  expect: CitationQualityExpect | null;
  expectUnknown: string[];
  routing: RoutingKind;
  /** The specialty the product routed the case to. */
  specialty: string;
  citations: LinkedCitation[];
  unknownCitations: string[];
  /** Expected guideline ids that no loaded pack contains (the step is left out of the figures). */
  missingGuidelines: string[];
}

/** A fraction with its counts; `rate` is null when there is nothing to divide by. */
export interface Ratio {
  hits: number;
  of: number;
  rate: number | null;
}

export interface CitationQualityMetrics {
  cases: number;
  steps: number;
  /** Steps counted in the figures (the others expect a guideline no loaded pack holds). */
  scored: number;
  excluded: number;
  /** Top citation's guideline is expected, over steps with at least one citation. */
  precision: Ratio;
  /** Top citation's guideline is expected, over steps that expect a guideline. */
  recall: Ratio;
  /** Steps expecting no guideline that got a citation anyway. */
  falseCitation: Ratio;
  /** Top citation is the expected passage, over steps naming one. */
  passageAccuracy: Ratio;
  /** Cited steps with a wrong citation after the first (another guideline, or another passage where one is expected). */
  extraCitation: Ratio;
  /** Steps whose invented references were all flagged as unknown. */
  unknownRefs: Ratio;
  byTag: Record<CitationQualityTag, { recall: Ratio; falseCitation: Ratio }>;
  byRouting: Record<RoutingKind, { precision: Ratio; recall: Ratio; falseCitation: Ratio }>;
}

const ratio = (hits: number, of: number): Ratio => ({
  hits,
  of,
  rate: of === 0 ? null : hits / of,
});

/** Routing kind of a case: variants differ from their base by manual specialty or by age. */
export function routingKind(
  c: CitationQualityCase,
  byId: ReadonlyMap<string, CitationQualityCase>,
): RoutingKind {
  if (c.variantOf === undefined) return 'base';
  return c.specialty !== byId.get(c.variantOf)?.specialty ? 'wrong-specialty' : 'placeholder-age';
}

const topIsExpected = (o: StepOutcome): boolean =>
  o.expect !== null &&
  o.citations[0] !== undefined &&
  o.expect.guidelines.includes(o.citations[0].guideline);

const topPassageIsExpected = (o: StepOutcome): boolean => {
  const top = o.citations[0];
  return top !== undefined && topIsExpected(o) && expectedPassages(o.expect).includes(top.passage);
};

const wrongExtra = (o: StepOutcome): LinkedCitation[] => {
  const passages = expectedPassages(o.expect);
  return o.citations
    .slice(1)
    .filter(
      (c) =>
        o.expect === null ||
        !o.expect.guidelines.includes(c.guideline) ||
        (passages.length > 0 && !passages.includes(c.passage)),
    );
};

const unknownFlagged = (o: StepOutcome): boolean =>
  o.expectUnknown.every((ref) => o.unknownCitations.includes(ref));

/** What is wrong with one step's citations (empty when it is right). */
export function stepProblems(o: StepOutcome): string[] {
  const problems: string[] = [];
  if (o.expect === null) {
    if (o.citations.length > 0) problems.push('cited, but no guideline supports this step');
  } else if (o.citations.length === 0) {
    problems.push('no citation');
  } else if (!topIsExpected(o)) {
    problems.push('top citation is not an expected guideline');
  } else if (expectedPassages(o.expect).length > 0 && !topPassageIsExpected(o)) {
    problems.push('top citation is the wrong passage');
  }
  if (o.expect !== null && wrongExtra(o).length > 0) problems.push('wrong extra citation');
  if (!unknownFlagged(o)) problems.push('invented reference not flagged');
  return problems;
}

/** The figures of the benchmark over some linked steps (one half, or both together). */
export function scoreCitationQuality(outcomes: readonly StepOutcome[]): CitationQualityMetrics {
  const scored = outcomes.filter((o) => o.missingGuidelines.length === 0);
  const cited = scored.filter((o) => o.citations.length > 0);
  const positive = scored.filter((o) => o.expect !== null);
  const negative = scored.filter((o) => o.expect === null);
  const withPassage = positive.filter((o) => expectedPassages(o.expect).length > 0);
  const withUnknown = scored.filter((o) => o.expectUnknown.length > 0);
  const recall = (list: StepOutcome[]) =>
    ratio(
      list.filter((o) => o.expect !== null && topIsExpected(o)).length,
      list.filter((o) => o.expect !== null).length,
    );
  const falseCitation = (list: StepOutcome[]) =>
    ratio(
      list.filter((o) => o.expect === null && o.citations.length > 0).length,
      list.filter((o) => o.expect === null).length,
    );
  const precision = (list: StepOutcome[]) => {
    const withCitation = list.filter((o) => o.citations.length > 0);
    return ratio(withCitation.filter(topIsExpected).length, withCitation.length);
  };
  return {
    cases: new Set(outcomes.map((o) => `${o.half}/${o.caseId}`)).size,
    steps: outcomes.length,
    scored: scored.length,
    excluded: outcomes.length - scored.length,
    precision: precision(scored),
    recall: recall(positive),
    falseCitation: falseCitation(negative),
    passageAccuracy: ratio(withPassage.filter(topPassageIsExpected).length, withPassage.length),
    extraCitation: ratio(cited.filter((o) => wrongExtra(o).length > 0).length, cited.length),
    unknownRefs: ratio(withUnknown.filter(unknownFlagged).length, withUnknown.length),
    byTag: Object.fromEntries(
      CITATION_QUALITY_TAGS.map((tag) => {
        const tagged = scored.filter((o) => o.tags.includes(tag));
        return [tag, { recall: recall(tagged), falseCitation: falseCitation(tagged) }];
      }),
    ) as CitationQualityMetrics['byTag'],
    byRouting: Object.fromEntries(
      ROUTING_KINDS.map((kind) => {
        const group = scored.filter((o) => o.routing === kind);
        return [
          kind,
          {
            precision: precision(group),
            recall: recall(group),
            falseCitation: falseCitation(group),
          },
        ];
      }),
    ) as CitationQualityMetrics['byRouting'],
  };
}
