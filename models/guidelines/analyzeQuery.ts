import { groupWords } from './analyzeText';

/** One clinical concept of a query: the terms that name it (any one matching a passage matches the concept). */
export interface QueryConcept {
  terms: string[];
  /** Said to be absent ("no ground-glass component", "rather than a cyst"). */
  negated: boolean;
}

// Clause boundaries stop a negation's scope (NegEx, Chapman et al. 2001, ends
// scopes at punctuation and conjunctions). A dot between digits is a decimal.
const CLAUSE_SPLIT =
  /(?<!\d)\.|\.(?!\d)|[,;:!?()[\]\n]|\s(?:but|however|although|whereas|yet|while|except)\s/i;

// Triggers whose scope runs forward ("no X", "without X") or backward ("X is absent").
const PRE_NEGATION =
  /^(?:no|not|without|absent|denies|denied|lacks?|lacking|excluding|nor|neither|never)$/;
// Triggers only with their preposition: "free of X" but "free fluid", "negative for X".
const PRE_NEGATION_PAIRS =
  /^(?:free of|negative for|absence of|rather than|instead of|lack of|none of)$/;
const POST_NEGATION = /^(?:absent|excluded|unlikely|ruled|negative)$/;
// "no change", "no routine follow-up": a negation word that negates no finding.
const PSEUDO_NEGATION =
  /^(?:no|not|without) (?:change|growth|interval|significant change|further|routine|need|longer|only|necessarily|required|needed|necessary|follow|followup|recommended|indicated|treatment)/;
const SCOPE_WORDS = 6;

const numeric = /^\d+(?:\.\d+)?$/;
// Units and numbers are matched by extractQuantities, not as words.
const UNIT_WORDS = new Set([
  'mm',
  'cm',
  'mm3',
  'ml',
  'year',
  'month',
  'week',
  'day',
  'old',
  'hu',
  'hounsfield',
  'unit',
]);

/**
 * Analyses a reasoning step or search query into concepts: synonym phrases
 * and hyphen compounds are one concept each, stop words and bare numbers are
 * dropped, and each concept knows whether the text says it is absent.
 */
export function analyzeQuery(text: string): QueryConcept[] {
  const concepts: QueryConcept[] = [];
  const seen = new Map<string, QueryConcept>();
  for (const clause of text.split(CLAUSE_SPLIT)) {
    if (!clause || !/[a-z0-9]/i.test(clause)) continue;
    const { words, groups, extra } = groupWords(clause);
    const { negated: negatedAt, triggers } = negationScopes(words.map((w) => w.word));
    const byGroup = new Map<number, QueryConcept>();
    words.forEach((w, i) => {
      const group = groups[i] as number;
      let concept = byGroup.get(group);
      if (!concept) byGroup.set(group, (concept = { terms: [], negated: false }));
      if (negatedAt[i]) concept.negated = true;
      if (!w.stop && !triggers[i] && !numeric.test(w.stem) && !UNIT_WORDS.has(w.stem))
        concept.terms.push(w.stem);
    });
    for (const [group, concept] of byGroup) {
      const added = extra.get(group) ?? [];
      // A code ("LR-5", "TR4", "PI-RADS") is its joined token, not its letters.
      if (added.length > 0 && concept.terms.some((t) => t.length <= 2)) concept.terms = [];
      concept.terms.push(...added);
      concept.terms = [...new Set(concept.terms)];
      if (concept.terms.length === 0) continue;
      // The same concept twice (positive once) counts once, positive.
      const key = concept.terms.slice().sort().join(' ');
      const before = seen.get(key);
      if (before) {
        before.negated &&= concept.negated;
        continue;
      }
      seen.set(key, concept);
      concepts.push(concept);
    }
  }
  return concepts;
}

/** Which words of one clause a negation covers. */
function negationScopes(words: readonly string[]): { negated: boolean[]; triggers: boolean[] } {
  const negated = words.map(() => false);
  const triggers = words.map(() => false);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (PRE_NEGATION.test(w) || PRE_NEGATION_PAIRS.test(`${w} ${words[i + 1] ?? ''}`)) {
      const ahead = words.slice(i, i + 3).join(' ');
      if (PSEUDO_NEGATION.test(ahead)) continue;
      triggers[i] = true;
      if (PRE_NEGATION_PAIRS.test(`${w} ${words[i + 1] ?? ''}`)) triggers[i + 1] = true;
      for (let j = i + 1; j < Math.min(words.length, i + 1 + SCOPE_WORDS); j++) negated[j] = true;
    } else if (POST_NEGATION.test(w) && i > 0) {
      // "ruled out", "is absent": the finding comes before.
      if (w === 'ruled' && words[i + 1] !== 'out') continue;
      triggers[i] = true;
      for (let j = Math.max(0, i - SCOPE_WORDS); j < i; j++) negated[j] = true;
    }
  }
  return { negated, triggers };
}
