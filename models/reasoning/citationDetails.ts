import type { Citation, ReasoningStep } from '../../electron/common/schemas/reasoning';

/** What a citation needs to name its guideline on its own (an export read far from the app). */
export interface GuidelineFacts {
  title: string;
  version: string;
  /** The edition of the source the summary follows, and when it was last reviewed (YYYY-MM-DD). */
  edition?: string;
  reviewed?: string;
  url?: string;
  /** The passage heading, when the lookup knows passages. */
  heading?: string;
}

/** Facts about `guideline#passage`, or undefined when no loaded pack has the guideline. */
export type GuidelineLookup = (guideline: string, passage: string) => GuidelineFacts | undefined;

type Detail = 'title' | 'version' | 'edition' | 'reviewed' | 'url' | 'heading';
const DETAILS: readonly Detail[] = ['title', 'version', 'edition', 'reviewed', 'url', 'heading'];

/**
 * The citation with its guideline's title, version, edition, review date,
 * link and passage heading. What the citation already carries (the linker's
 * own fields) wins; the lookup only fills what is absent.
 */
export function withGuidelineDetails(citation: Citation, lookup: GuidelineLookup): Citation {
  const facts = lookup(citation.guideline, citation.passage);
  if (!facts) return citation;
  const filled: Citation = { ...citation };
  for (const key of DETAILS) {
    const value = filled[key] ?? facts[key];
    if (value !== undefined) filled[key] = value;
  }
  return filled;
}

/** Every citation of every step with its guideline details (see withGuidelineDetails). */
export function stepsWithGuidelineDetails<S extends ReasoningStep>(
  steps: readonly S[],
  lookup: GuidelineLookup,
): S[] {
  return steps.map((s) => ({
    ...s,
    citations: s.citations.map((c) => withGuidelineDetails(c, lookup)),
  }));
}

/** A guideline as a pack or the bridge's guideline list gives it. */
export type GuidelineEntry = Omit<GuidelineFacts, 'heading'> & {
  id: string;
  passages?: readonly { id: string; heading: string }[];
};

/** A lookup over guidelines by id (with their passages' headings when given). */
export function guidelineLookup(guidelines: Iterable<GuidelineEntry>): GuidelineLookup {
  const byId = new Map<string, GuidelineEntry>();
  for (const g of guidelines) if (!byId.has(g.id)) byId.set(g.id, g);
  return (guideline, passage) => {
    const g = byId.get(guideline);
    if (!g) return undefined;
    const facts: GuidelineFacts = { title: g.title, version: g.version };
    if (g.edition !== undefined) facts.edition = g.edition;
    if (g.reviewed !== undefined) facts.reviewed = g.reviewed;
    if (g.url !== undefined) facts.url = g.url;
    const heading = g.passages?.find((p) => p.id === passage)?.heading;
    if (heading !== undefined) facts.heading = heading;
    return facts;
  };
}

/** "Summarises: <edition> · reviewed <date>", or null when the guideline names neither. */
export function summarisesLine(facts: Pick<GuidelineFacts, 'edition' | 'reviewed'>): string | null {
  if (!facts.edition && !facts.reviewed) return null;
  const parts = [
    facts.edition ? `Summarises: ${facts.edition}` : 'Summarises: edition not stated',
    facts.reviewed ? `reviewed ${facts.reviewed}` : 'review date not stated',
  ];
  return parts.join(' · ');
}
