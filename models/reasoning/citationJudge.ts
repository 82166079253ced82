import { analyzeText } from '../guidelines/analyzeText';
import type { GuidelineIndex, PassageHit, QueryProfile } from '../guidelines/guidelineIndex';
import type { StepContext } from './stepContext';
import { treesProbability, type BoostedTrees } from './boostedTrees';
import { neighbourVotes, type Neighbour } from './stepMemory';

/**
 * What the citation judge knows about one candidate passage for one step.
 * Lexical support alone plateaus (a shared everyday word, a word used in
 * another sense); the judge weighs it against the rest of what the search
 * saw: how the candidate ranks among other guidelines, whether the question
 * is about its guideline, how much of the step no pack knows, whether a size
 * or code fits, what the chain's earlier steps were about, and how the
 * labelled steps most like this one were labelled. The weights are fitted on the tune and train halves of the
 * citation-quality set (models/bench/citationJudgeBench.ts), never on a
 * held-out half.
 */
export const JUDGE_FEATURES = [
  'support',
  'logScoreRatio',
  'rank',
  'guidelineRank',
  'evidence',
  'concepts',
  'headingShare',
  'quantityMatch',
  'quantityMismatch',
  'questionBoost',
  'offTopic',
  'priorSpecialty',
  'namesGuideline',
  'questionNamesGuideline',
  'bestOtherSupport',
  'guidelineSupport',
  'unknownShare',
  'negatedShare',
  'stepConcepts',
  'stepQuantities',
  'differentialList',
  'supportOffTopic',
  'questionOverlap',
  'optionOverlap',
  'optionLetter',
  'recap',
  'dose',
  'labValue',
  'asks',
  'dismisses',
  'contextSupport',
  'contextLed',
  'contextNamed',
  'contextOtherLed',
  'contextFirst',
  'memoryShare',
  'memoryNone',
  'memoryNearest',
  'topicCandidate',
] as const;
export type JudgeFeature = (typeof JUDGE_FEATURES)[number];

// The largest boost questionGuidelineBoost gives (a question fully about the guideline).
const MAX_QUESTION_BOOST = 0.3;

/**
 * The fitted judge: boosted regression trees over the features (named, in
 * order), and the acceptance threshold. Trees, not a linear model, because
 * what a feature means depends on the others (support counts for less when
 * the question is about another guideline, the chain's topic for more when the
 * step names none): on the training halves' cross-validation the trees gave
 * more precision, recall and fewer false citations than the logistic model
 * they replaced (see models/bench/citationJudgeBench.ts).
 */
export interface JudgeWeights extends BoostedTrees {
  features: readonly string[];
  /** A candidate is cited when its probability reaches this. */
  threshold: number;
}

/** What the judge knows of the question a step answers, computed once per question. */
export interface QuestionContext {
  /** Guideline ids the question names ("What is the Bosniak class…"). */
  named: ReadonlySet<string>;
  /** The question's known terms: a step made of them restates the question. */
  terms: ReadonlySet<string>;
  /** Each option's known terms: a step made of one restates an option (an answer). */
  options: readonly ReadonlySet<string>[];
  /** The option letters ("ABCDE"). */
  letters: string;
  /** A text's known terms, as the question's were read. */
  termsOf(text: string): ReadonlySet<string>;
}

/** The question's context for the judge. */
export function questionContext(
  index: GuidelineIndex,
  question: string,
  options: Readonly<Record<string, string>> | undefined,
  names: ReadonlyMap<string, ReadonlySet<string>>,
): QuestionContext {
  const terms = index.profile(question).terms;
  return {
    named: namedGuidelines(terms, names),
    terms,
    options: Object.values(options ?? {}).map((text) => index.profile(text).terms),
    letters: Object.keys(options ?? {}).join(''),
    termsOf: (text) => index.profile(text).terms,
  };
}

/** Everything about a step the features read, computed once per step. */
export interface JudgeStep {
  profile: QueryProfile;
  /** Guideline ids named by their own name in the step ("Bosniak", "TI-RADS"). */
  named: ReadonlySet<string>;
  question?: QuestionContext;
  /** The step as written (for the option-letter and recap cues). */
  text: string;
  differentialList: boolean;
  prior?: string;
  guidelineBoost?: ReadonlyMap<string, number>;
  /** What the chain's earlier steps found (none: the step is read as a chain's first). */
  context?: StepContext;
  /** The remembered labelled steps most like this one (stepMemory.ts); none without a memory. */
  neighbours?: readonly Neighbour[];
  /** Guidelines among the candidates because the chain is about them, not because the search ranked them (linkCitations.ts). */
  fromTopic?: ReadonlySet<string>;
}

/**
 * The terms that name each guideline: the words of its id (year aside) and
 * the abbreviations its title gives in brackets or capitals ("TI-RADS",
 * "PECARN", "Balthazar"), less any word the passages of two other guidelines
 * use in their text ("heart" of the HEART score is also a heart rate), so "the
 * Bosniak class" names Bosniak 2019 while "chest pain" names nothing.
 */
export function guidelineNameTerms(index: GuidelineIndex): Map<string, Set<string>> {
  const byGuideline = new Map<string, Set<string>>();
  const usedBy = new Map<string, Set<string>>();
  for (const { guideline, passage } of index.passages) {
    for (const t of analyzeText(passage.text)) {
      let set = usedBy.get(t);
      if (!set) usedBy.set(t, (set = new Set()));
      set.add(guideline.id);
    }
    if (byGuideline.has(guideline.id)) continue;
    const bracketed = [...guideline.title.matchAll(/\(([^)]+)\)/g)].map((m) => m[1] ?? '');
    const capitals = guideline.title.match(/\b[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9-]*\b/g) ?? [];
    const id = guideline.id.replace(/-(?:\d{4}|v?\d+(?:\.\d+)?)$/, '');
    byGuideline.set(
      guideline.id,
      new Set(analyzeText([id, ...bracketed, ...capitals].join(' . '))),
    );
  }
  for (const [id, terms] of byGuideline)
    for (const t of [...terms]) {
      const others = [...(usedBy.get(t) ?? [])].filter((g) => g !== id);
      // One other guideline may mention it (Lung-RADS' text names Fleischner); two make it vocabulary.
      if (others.length > 1 || t.length < 3 || /^\d+$/.test(t) || TOPIC_WORDS.has(t))
        terms.delete(t);
    }
  for (const [id, pair] of familyNames([...byGuideline.keys()])) byGuideline.get(id)?.add(pair);
  return byGuideline;
}

/** A guideline of a family: the family word and the topic words that tell it from its siblings. */
export interface FamilyMember {
  family: string;
  topics: string[];
}

/**
 * Guidelines of one family share the first word of their ids
 * ("aast-liver-injury-2018", "aast-spleen-injury-2018") and their criteria's
 * wording; only the organ or topic word of the id tells them apart ("injury"
 * is every AAST scale's).
 */
export function guidelineFamilies(ids: readonly string[]): Map<string, FamilyMember> {
  const words = (id: string) =>
    id
      .replace(/-(?:\d{4}|v?\d+(?:\.\d+)?)$/, '')
      .split('-')
      .map((w) => analyzeText(w)[0])
      .filter((w): w is string => w !== undefined);
  // How many ids start with a word, and how many with a word and hold a topic word.
  const uses = new Map<string, number>();
  const count = (key: string) => uses.set(key, (uses.get(key) ?? 0) + 1);
  for (const id of ids) {
    const [first, ...rest] = words(id);
    if (!first) continue;
    count(first);
    for (const topic of new Set(rest)) count(`${first} ${topic}`);
  }
  const families = new Map<string, FamilyMember>();
  for (const id of ids) {
    const [first, ...rest] = words(id);
    if (!first || (uses.get(first) ?? 0) < 2) continue;
    const topics = rest.filter((t) => TOPIC_WORDS.has(t) && uses.get(`${first} ${t}`) === 1);
    if (topics.length > 0) families.set(id, { family: first, topics });
  }
  return families;
}

/**
 * Names of a family's guidelines: the family word with the topic word, both in
 * the text ("AAST liver injury grade", "the ACR incidental kidney paper").
 * Either alone names a family or an organ, not the guideline. A name holding a
 * space needs all its words.
 */
function familyNames(ids: readonly string[]): [string, string][] {
  return [...guidelineFamilies(ids)].flatMap(([id, { family, topics }]) =>
    topics.map((t): [string, string] => [id, `${family} ${t}`]),
  );
}

/**
 * Whether a candidate is a sibling of a guideline the question names, and the
 * step does not say the sibling's topic: "laceration over 3 cm: grade III"
 * under "What is the AAST liver injury grade?" is the liver's grade III, not
 * the spleen's, however alike their wording.
 */
export function unnamedSibling(
  id: string,
  questionNamed: ReadonlySet<string>,
  stepTerms: ReadonlySet<string>,
  families: ReadonlyMap<string, FamilyMember>,
): boolean {
  const member = families.get(id);
  if (!member || questionNamed.has(id)) return false;
  const sibling = [...questionNamed].some((q) => families.get(q)?.family === member.family);
  return sibling && !member.topics.some((t) => stepTerms.has(t));
}

// Words of guideline ids and titles that name a topic, not a guideline: "the spleen
// looks lentiform" names the spleen, not the AAST spleen injury scale.
const TOPIC_WORDS = new Set(
  analyzeText(
    'adrenal thyroid kidney liver pancreas spleen spine ankle knee hip head pediatric paediatric appendicitis melanoma malleolus fracture injury rule score stroke tia rop retinopathy ultrasound incidental grading',
  ),
);

/** The guideline ids whose name terms a text's terms include. */
export function namedGuidelines(
  terms: ReadonlySet<string>,
  names: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const holds = (name: string) =>
    name.includes(' ') ? name.split(' ').every((w) => terms.has(w)) : terms.has(name);
  // Per named guideline, the names the text holds.
  const held = new Map<string, string[]>();
  for (const [id, nameTerms] of names) {
    const found = [...nameTerms].filter(holds);
    if (found.length > 0) held.set(id, found);
  }
  // "Ottawa knee rule" names the knee rule; "Ottawa" alone would name the ankle rules too.
  const families = new Set(
    [...held.values()].flat().flatMap((n) => (n.includes(' ') ? [n.split(' ')[0]] : [])),
  );
  const named = new Set<string>();
  for (const [id, found] of held)
    if (found.some((n) => n.includes(' ') || !families.has(n))) named.add(id);
  return named;
}

/** The feature vector of candidate `i` among a step's ranked candidates, in JUDGE_FEATURES order. */
export function judgeFeatures(
  step: JudgeStep,
  hits: readonly PassageHit[],
  i: number,
  rareIdf: number,
): number[] {
  const hit = hits[i] as PassageHit;
  const best = hits[0]?.score ?? hit.score;
  const guidelines: string[] = [];
  for (const h of hits) if (!guidelines.includes(h.guideline.id)) guidelines.push(h.guideline.id);
  let bestOther = 0;
  let ownSupport = 0;
  for (const h of hits) {
    if (h.guideline.id === hit.guideline.id) ownSupport += h.support;
    else bestOther = Math.max(bestOther, h.support);
  }
  const topics = step.guidelineBoost;
  // How firmly the question points at other guidelines: a question that names its
  // topic ("the Bosniak class") says more than one that merely mentions a chest CT.
  const offTopic =
    topics === undefined || topics.has(hit.guideline.id)
      ? 0
      : Math.max(0, ...topics.values()) / MAX_QUESTION_BOOST;
  const values: Record<JudgeFeature, number> = {
    support: hit.support,
    logScoreRatio: Math.log(Math.max(1e-6, hit.score / Math.max(1e-9, best))),
    rank: i,
    guidelineRank: guidelines.indexOf(hit.guideline.id),
    evidence: hit.matched / rareIdf,
    concepts: Math.min(8, hit.concepts),
    headingShare: hit.headingShare,
    quantityMatch: hit.quantity === 'match' ? 1 : 0,
    quantityMismatch: hit.quantity === 'mismatch' ? 1 : 0,
    questionBoost: topics?.get(hit.guideline.id) ?? 0,
    offTopic,
    priorSpecialty: step.prior !== undefined && hit.specialties.includes(step.prior) ? 1 : 0,
    namesGuideline: step.named.has(hit.guideline.id) ? 1 : 0,
    questionNamesGuideline: step.question?.named.has(hit.guideline.id) === true ? 1 : 0,
    bestOtherSupport: bestOther,
    guidelineSupport: ownSupport,
    unknownShare: step.profile.unknownShare,
    negatedShare: step.profile.negatedShare,
    stepConcepts: Math.log1p(step.profile.concepts),
    stepQuantities: Math.min(3, step.profile.quantities),
    differentialList: step.differentialList ? 1 : 0,
    supportOffTopic: offTopic * hit.support,
    questionOverlap: shareIn(step.profile.terms, step.question?.terms),
    optionOverlap: Math.max(
      0,
      ...(step.question?.options ?? []).map((o) => shareOf(o, step.profile.terms)),
    ),
    optionLetter: namesOptionLetter(step.text, step.question?.letters ?? '') ? 1 : 0,
    recap: RECAP.test(step.text) ? 1 : 0,
    dose: DOSE.test(step.text) ? 1 : 0,
    labValue: LAB_VALUE.test(step.text) ? 1 : 0,
    asks: step.text.includes('?') ? 1 : 0,
    dismisses: DISMISSES.test(step.text) ? 1 : 0,
    ...contextFeatures(step.context, hit.guideline.id),
    ...memoryFeatures(step.neighbours, hit.guideline.id),
    topicCandidate: step.fromTopic?.has(hit.guideline.id) === true ? 1 : 0,
  };
  return JUDGE_FEATURES.map((f) => values[f]);
}

/** How the remembered steps most like this one were labelled, for one guideline. */
function memoryFeatures(
  neighbours: readonly Neighbour[] | undefined,
  guideline: string,
): Pick<Record<JudgeFeature, number>, 'memoryShare' | 'memoryNone' | 'memoryNearest'> {
  const votes = neighbourVotes(neighbours ?? [], guideline);
  return { memoryShare: votes.share, memoryNone: votes.none, memoryNearest: votes.nearest };
}

// Counts of earlier steps saturate here: four steps on one guideline make the chain's topic plain.
const CONTEXT_STEPS = 4;

/** What the chain's earlier steps say of one guideline. */
function contextFeatures(
  context: StepContext | undefined,
  guideline: string,
): Pick<
  Record<JudgeFeature, number>,
  'contextSupport' | 'contextLed' | 'contextNamed' | 'contextOtherLed' | 'contextFirst'
> {
  const led = context?.led.get(guideline) ?? 0;
  return {
    contextSupport: context?.support.get(guideline) ?? 0,
    contextLed: Math.min(CONTEXT_STEPS, led) / CONTEXT_STEPS,
    contextNamed: context?.named.has(guideline) === true ? 1 : 0,
    contextOtherLed: Math.min(CONTEXT_STEPS, (context?.ledSteps ?? 0) - led) / CONTEXT_STEPS,
    contextFirst: (context?.steps ?? 0) === 0 ? 1 : 0,
  };
}

/** The judge's probability that a candidate's guideline supports the step. */
export const judgeProbability = (model: JudgeWeights, features: readonly number[]): number =>
  treesProbability(model, features);

/** The share of `terms` that `other` holds (0 when either is empty). */
function shareIn(terms: ReadonlySet<string>, other: ReadonlySet<string> | undefined): number {
  if (!other || terms.size === 0) return 0;
  let n = 0;
  for (const t of terms) if (other.has(t)) n++;
  return n / terms.size;
}

/** The share of an option's terms the step holds. */
const shareOf = (option: ReadonlySet<string>, step: ReadonlySet<string>): number =>
  shareIn(option, step);

// "B - nonspecific foci", "-> C", "(D)", "option E": a letter standing alone as the choice.
// One pattern per set of option letters, built once: the judge asks for every candidate.
const letterCues = new Map<string, RegExp>();
const letterCue = (letters: string) => {
  let cue = letterCues.get(letters);
  if (!cue)
    letterCues.set(
      letters,
      (cue = new RegExp(
        `(?:^\\W*|->\\s*|=>\\s*|→\\s*|\\(|\\boption\\s+|\\banswer\\s+|:\\s*)[${letters}](?:\\)|\\s*[-–—:.]|\\s*$)`,
      )),
    );
  return cue;
};

/** Whether the step names one of the question's option letters as a choice. */
function namesOptionLetter(text: string, letters: string): boolean {
  return /^[A-Z]+$/.test(letters) && letterCue(letters).test(text.trim());
}

// A step that announces a summary, restates the question or plans the next
// move ("Now the high-risk factors.", "Let me list the items", "Check: APHE, washout,
// capsule.", "Action: consult guideline HEART score."), whatever follows, or a table's
// header row ("Feature | Finding | Points").
const RECAP =
  /^\W*(?:check:|action:\s*(?:consult|look up|open|apply|use)\b|(?:question |findings? )?recap|summary|in summary|to summari[sz]e|summing up|so far|restating|to restate|findings restated|let me (?:re-?state|re-?read|list|line up|think|double[- ]check|go through|take)|the question|ok(?:ay)?,? so|now (?:the|to|for)\b|first the\b|step \d+\W+(?:the )?(?:finding|question|history)s?\b)|\bitem by item\W*$|^[^|\d]*\b(?:finding|present|points?|score|note|criterion|feature|result|value|item)\b[^|\d]*(?:\|[^|\d]*){2,}$/i;

// A step that sets a tool aside ("irrelevant here", "isn't the tool here", "the wrong scale").
const DISMISSES =
  /\b(?:irrelevant|not relevant|no bearing|nothing to do with|(?:is ?n[o']t|not) (?:the (?:right )?(?:tool|scale|system|rule)|applicable|used here)|wrong (?:scale|tool|system|rule)|does ?n[o']t apply|has no role)\b/i;

// A drug dose ("400 mg tds", "0.9 mg/kg", "1 g over 10 min"): treatment, which the packs do not hold.
const DOSE =
  /\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|units?|iu|ml\/kg|mg\/kg|mcg\/kg)\b(?!\/(?:dl|l|ml)\b)|\b(?:od|bd|tds|qds|bid|tid|qid|prn|iv|po|im)\b.*\b\d+\s*(?:mg|g)\b/i;
// A laboratory value with its unit ("CEA 12 ng/mL", "K 5.9 mmol/L", "Hb 92 g/L").
const LAB_VALUE =
  /\b\d+(?:\.\d+)?\s*(?:ng\/ml|mmol\/l|µmol\/l|umol\/l|mg\/dl|mg\/l|g\/l|g\/dl|u\/l|iu\/l|ug\/l|µg\/l|pg\/ml|ng\/l|meq\/l|x\s?10\^?9|×\s?10)/i;
