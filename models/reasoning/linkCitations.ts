import type { GuidelineIndex, IndexedPassage, PassageHit } from '../guidelines/guidelineIndex';
import {
  guidelineFamilies,
  guidelineNameTerms,
  judgeFeatures,
  judgeProbability,
  namedGuidelines,
  unnamedSibling,
  type JudgeStep,
  type JudgeWeights,
  type QuestionContext,
} from './citationJudge';
import { CITATION_JUDGE } from './citationJudgeWeights';
import { createStepContext, recordStep, type StepContext } from './stepContext';
import { nearestSteps, type StepMemory } from './stepMemory';
import { shippedJudgeMemory } from './shippedJudgeMemory';
import type { Citation, Perspective, ReasoningStep } from '../../electron/common/schemas/reasoning';
import { withoutStepMarker, type ParsedStep } from './stepParser';
import { announcesOrLists, withoutPostDecorations } from './socialPost';
import { withoutSpokenCommands } from './spokenCommands';

export interface LinkOptions {
  /**
   * Minimum support (0..1) for a citation; below it the step gets "no guideline
   * support". Default: the judge's candidate floor (JUDGE_MIN_SUPPORT) with the
   * judge, 0.34 without it.
   */
  threshold?: number;
  /** At most this many linker citations per step. */
  maxCitations?: number;
  /** Keep only hits scoring at least this share of the best hit's BM25 score. */
  relativeCutoff?: number;
  /** A passage must match at least this many distinct concepts of the step. */
  minConcepts?: number;
  /** The routed specialty: its packs win ties (search always covers every loaded pack). */
  prior?: string;
  /** Guidelines the question is about rank higher (ranking only; support is the step's own). */
  guidelineBoost?: ReadonlyMap<string, number>;
  /**
   * A passage the model cites must cover at least this much of the step, or it is reported as
   * unsupported (with the judge, one covering little of it also needs the judge's agreement).
   */
  modelThreshold?: number;
  /**
   * Where the ids the model writes are looked up: every loaded pack, so a
   * real passage of another specialty is confirmed rather than called
   * unknown. Default: the search index itself.
   */
  citedIndex?: GuidelineIndex;
  /** The question the step answers, as the judge reads it (its guideline names, terms, options). */
  question?: QuestionContext;
  /**
   * The fitted citation judge that accepts or rejects each candidate passage;
   * `null` links by the support threshold alone (the linker before the judge).
   */
  judge?: JudgeWeights | null;
  /**
   * The labelled steps the judge compares each step with (stepMemory.ts); pass the memory a
   * judge was fitted with. Default: the shipped memory, the training halves' steps.
   */
  judgeMemory?: StepMemory;
  /**
   * The earlier steps of the same chain, for the judge; linking a step records
   * it here. One context per perspective's output, used in step order.
   */
  context?: StepContext;
}

export const DEFAULT_LINK_OPTIONS: Required<
  Omit<
    LinkOptions,
    'citedIndex' | 'prior' | 'guidelineBoost' | 'question' | 'judge' | 'judgeMemory' | 'context'
  >
> = {
  threshold: 0.34,
  modelThreshold: 0.15,
  maxCitations: 3,
  relativeCutoff: 0.8,
  minConcepts: 2,
};

const ID = '[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?';
const REF = new RegExp(`^\\s*(${ID})#(${ID})\\s*$`, 'i');

/** `[guideline#passage]` references the model wrote, in order, deduplicated (also `[a#b; c#d]`). */
export function extractCitationRefs(text: string): string[] {
  const refs: string[] = [];
  for (const m of text.matchAll(/\[([^\]\n]{3,200})\]/g)) {
    for (const part of (m[1] ?? '').split(/[;,]/)) {
      const ref = REF.exec(part);
      if (ref) refs.push(`${ref[1]}#${ref[2]}`.toLowerCase());
    }
  }
  return [...new Set(refs)];
}

// A step that only states the chosen answer ("The answer is B, a Salter-Harris
// type II") restates earlier steps; citing it again adds nothing a clinician
// can check, so the linker leaves it alone (the model's own ids are still checked).
const ANSWER_STATEMENT =
  /^\W*(?:(?:so|therefore|thus|hence|overall|I think|I'd say|I would say),?\s+)?(?:the\s+|my\s+)?(?:(?:correct|final|best|right|most likely)\s+)?(?:answer|ans|option|choice)(?:\s+here)?\s*(?:is|:|would be|=)|^\W*(?:final\s+)?answers?\b|^\W*(?:I(?:'ll| will| would| am going to)?|let me|let's)\s+(?:choose|pick|select|go with)\b/i;
// A short step that names an option letter ("So no imaging: option C.", "I would
// answer B, grade III.", "Ans B.", "Score total points me to C") states the choice too,
// wherever the letter sits.
const ANSWER_LETTER =
  /\b(?:[Aa]nswer|[Aa]ns|[Oo]ption|[Cc]hoice)\s*(?:is\s+|:\s*|would be\s+|=\s*)?\(?[A-H]\)?(?![\w-])|\b(?:[Gg]o(?:ing)? with|[Pp]ick(?:ing)?|[Cc]hoos(?:e|ing)|[Ss]elect(?:ing|ed)?|[Cc]hosen|[Pp]icked|[Ll]ean(?:ing)? towards?|[Pp]oints?(?: me| us)? to)\s*:?\s+(?:option\s+)?\(?[A-H]\)?(?![\w-])/;
const ANSWER_LETTER_MAX_WORDS = 14;
// "…a week is too slow whatever the score. So the answer is B.", "So grade III - answer C; …":
// a step of any length that names its answer letter states the choice.
const NAMED_ANSWER = /\b[Aa]nswer(?:\s+is|\s*:)?\s+\(?[A-H]\)?(?![\w-])/;
// An option letter in the forms a choice takes: "C", "(C)", "**C**".
const LETTER = String.raw`\(?\*{0,2}([A-H])\*{0,2}\)?`;
// "C is the answer.", "B is correct.", "C it is.", "So it's C.", "It has to be D, not C.":
// the letter is the sentence's subject or complement, so it is the choice.
const LETTER_CLAUSE = new RegExp(
  String.raw`(?:^|[\s(])([A-H])\s+(?:is\s+(?:the\s+)?(?:correct|right|best|answer)|it\s+is\b)|\b(?:[Ii]t['’]?s|[Ii]t\s+is|has\s+to\s+be|must\s+be)\s+${LETTER}(?![\w-])`,
);
// "C.", "→ **B**", "So — B.", "Final: B, LR-M…", "Bottom line: (C) Garden III", "Settled: C — Weber
// B", "Final letter: D": a step that is
// nothing but the letter, or that a conclusion word leads into it ("A: 67 → 2" in a
// mnemonic walk-through is neither).
const BARE_LETTER = new RegExp(
  String.raw`^\W*(?:(?:so|hence|thus|therefore|ans)\W*)?${LETTER}[\s.!]*$|^\W*(?:\d+[a-z]?[.)]\s*)?(?:(?:final|settled|verdict)(?:\s+(?:letter|pick|choice))?|correct|putting it(?: all)? together|bottom line|conclusion|leaf(?: reached)?)\s*[:,=—–-]?\s*(?:${LETTER}(?:\s*[.!,;:(—–-]|\s*$)|\(([A-H])\))`,
  'i',
);
// "So the ICH score is 2 -> C.", "So the kidney is grade III: C.", "…, which is B.", "…
// established OA. C.", "Final: PI-RADS 4 (C).", "Targeted biopsy, C.": a step that closes on an
// option letter states the choice (not a list of letters, "A, B, C.").
const CLOSING_LETTER = new RegExp(
  String.raw`(?:->|=>|→|⇒|:|[.;—–]|\bwhich is|\bi\.e\.,?|\b[Hh]ence|\b[Ss]o)\s*${LETTER}\s*\.?\s*$|\s\(([A-H])\)\s*\.?\s*$|(?<!(?:^|[\s,(])[A-H])\s*,\s*${LETTER}\s*\.?\s*$`,
);
// "C ✓ PI-RADS 4", "✓ C, 4A with an S": a step led by a ticked letter states the choice; a
// checklist ticks several ("A ✓ halves differ; B ✓ notched" in an ABCDE walk-through).
const TICKED_LETTER = /^\W*?(?:\(?([A-H])\)?\s*\u2713|\u2713\s*\(?([A-H])\)?\s*(?:[,.;:—–-]|$))/;
const TICKED_LETTERS = /(?:\b[A-H]\)?\s*\u2713[^\u2713]*){2,}/;
// A short step led by a letter ("So C, Maisonneuve.", "-> A: thyroid US.", "∴ B, excise", "B - nonspecific
// foci", "D) grade IV.") states the choice when the letter is an option and the step says that
// option's text or leads with "so" or an arrow; "D: 9 mm is above the 6 mm threshold" in an
// ABCDE walk-through does not.
const LEAD_LETTER =
  /^[^\w∴⇒]*?(?:(?:[Ss]o|[Tt]herefore|[Tt]hus|[Hh]ence|[Oo]verall)[\s,:—–-]*)*(->|=>|→|⇒|∴)?\s*\(?([A-H])(?:\)|\s*(?:[-–—:,.;([]|$))/;
const LEAD_LETTER_OPTION_SHARE = 0.5;
// A step led by a section letter and a colon ("S: 58M, cough.", "A: Weber B, stable.").
const SECTION_LABEL = /^\W*([A-Z])\s*:\s*\S/;
// Letters that label SOAP (Subjective, Objective, Assessment, Plan) and SBAR (Situation,
// Background, Assessment, Recommendation) sections and are no option letter: one of them
// leading a step shows the chain is section-labelled.
const SECTION_ONLY_LETTERS = 'SOPR';

/**
 * Whether a step of a chain states the chosen answer, reading the chain's own labels: a step led
 * by "S:", "O:", "P:" or "R:" (not an option letter) marks the chain as section-labelled in its
 * context, and from then on "A: …" and "B: …" are its sections, not options A and B.
 */
export function isAnswerInChain(
  step: string,
  { question, context }: Pick<LinkOptions, 'question' | 'context'>,
): boolean {
  const label = SECTION_LABEL.exec(withoutStepMarker(step))?.[1];
  const letters = question?.letters || 'ABCDE';
  if (context && label && SECTION_ONLY_LETTERS.includes(label) && !letters.includes(label))
    context.sectionLabels = true;
  return isAnswerStatement(step, question, { sectionLabels: context?.sectionLabels });
}
// One row of a Markdown table: "| margin | smooth | 0 |".
const TABLE_ROW = /^\s*\|(.*\|.*)\|\s*$/;
// Header cells name columns ("| feature | what I see | pts |", "| hip | α | β | type |"): a few
// words each, no numbers.
const HEADER_CELL_MAX_WORDS = 3;

/**
 * Whether a step is a Markdown table's header row: the first row after anything else, naming
 * columns (short cells, no numbers). It claims nothing, yet its column names ("region", "early
 * ischaemic change?") are a guideline's words: in the training halves such rows were cited with
 * the judge's near-certainty. A headerless table's first row ("| gas in collections | none |")
 * reads the same, and the rule gives that up. The context remembers whether this step was a row.
 */
export function isTableHeaderInChain(step: string, context?: StepContext): boolean {
  const row = TABLE_ROW.exec(withoutStepMarker(step));
  const starts = row !== null && context !== undefined && !context.tableRow;
  if (context) context.tableRow = row !== null;
  const cells = row?.[1] ?? '';
  // The cells are read, not a step marker before them ("Step 3: | region | change? |").
  if (!starts || /\d/.test(cells)) return false;
  return cells
    .split('|')
    .every((cell) => cell.trim().split(/\s+/).filter(Boolean).length <= HEADER_CELL_MAX_WORDS);
}

// "TI-RADS points, group by group:", "Tally ↓", "**Work-up:**": a step that introduces what
// follows claims nothing itself; all 42 such steps of the training halves expect none.
const LEAD_IN = /(?::|[↓⬇👇])[\s*_]*$/u;

/** A step that only introduces the next ones (it ends in a colon or a pointing-down arrow). */
export const isLeadIn = (text: string): boolean => LEAD_IN.test(text);

/**
 * Whether the linker cites nothing for a step, whatever it holds: an answer statement, a
 * table's header row, a turn that only asks, a lead-in, a thread's opening post or a poll of the
 * options. Reads and updates the chain's context; the linker, the judge's rows and its
 * memory all read steps through this.
 */
export function citesNothingInChain(
  step: string,
  options: Pick<LinkOptions, 'question' | 'context'>,
): boolean {
  // Both read every step in order, so both run.
  const header = isTableHeaderInChain(step, options.context);
  return (
    isAnswerInChain(step, options) ||
    header ||
    isBareQuestion(step) ||
    isLeadIn(step) ||
    announcesOrLists(step)
  );
}

// "so c, fna", "b, high risk factor, yeah", "right so b, weber b", "b then, the pill…": an
// all-lowercase chain leads its answer with the letter and a comma or "then" (not "a, b and c").
const LOWER_LEAD_LETTER =
  /^\W*(?:(?:right|ok|okay|so|then)[\s,]+)*([a-h])(?:\s*,(?!\s*(?:[a-h]\b|and\b|or\b))|\s+then\b)/;
// "Q: The pick? A: C, moderate NPDR.": a self-answered question about the choice.
const ANSWERED_PICK = new RegExp(
  String.raw`^\W*Q\W*:[^?]*\b(?:pick|letter|option|answer|choice)\b[^?]*\?\s*\**A\W*:\s*${LETTER}(?![\w-])`,
  'i',
);

/**
 * A step that states the chosen answer: the linker cites nothing for it. A marker the step
 * parser would have split off ("Step 8: So D.") is read past, so a step linked as written
 * reads as the app shows it.
 */
export function isAnswerStatement(
  step: string,
  question?: QuestionContext,
  { sectionLabels = false }: { sectionLabels?: boolean } = {},
): boolean {
  const text = withoutStepMarker(step);
  const words = text.split(/\s+/).filter(Boolean).length;
  if (ANSWER_STATEMENT.test(text)) return true;
  const letters = question?.letters || 'ABCDE';
  const isOption = (m: RegExpExecArray | null) =>
    m !== null && m.slice(1).some((l) => l !== undefined && letters.includes(l));
  if (
    isOption(BARE_LETTER.exec(text)) ||
    isOption(CLOSING_LETTER.exec(text)) ||
    (isOption(TICKED_LETTER.exec(text)) && !TICKED_LETTERS.test(text))
  )
    return true;
  if (NAMED_ANSWER.test(text)) return true;
  if (words > ANSWER_LETTER_MAX_WORDS) return false;
  if (ANSWER_LETTER.test(text) || isOption(LETTER_CLAUSE.exec(text))) return true;
  if (isOption(ANSWERED_PICK.exec(text))) return true;
  const lower = LOWER_LEAD_LETTER.exec(text);
  if (lower && text === text.toLowerCase() && letters.includes((lower[1] ?? '').toUpperCase()))
    return true;
  const lead = LEAD_LETTER.exec(text);
  if (!lead || !question) return false;
  // In a chain of section-labelled steps, "A: …" and "B: …" are its sections.
  if (sectionLabels && SECTION_LABEL.test(text)) return false;
  const at = question.letters.indexOf(lead[2] ?? '');
  if (at < 0) return false;
  // "B, the metaphyseal-fragment option.": the step calls what it names an option.
  if (
    lead[1] !== undefined ||
    /^\W*(?:so|therefore|thus|hence|overall)\b|\b(?:option|answer|choice)\b/i.test(text)
  )
    return true;
  const option = question.options[at];
  if (!option || option.size === 0) return false;
  const stepTerms = question.termsOf(text.slice(lead[0].length));
  let said = 0;
  for (const t of option) if (stepTerms.has(t)) said++;
  // The step says the option ("B - nonspecific punctate foci" for "Non-specific punctate foci (deep grade 1)…").
  return said / Math.min(option.size, Math.max(1, stepTerms.size)) >= LEAD_LETTER_OPTION_SHARE;
}
// "Restating: 58 yo ex-smoker, RUL nodule…", "Step 1: Restating the question…", "The question:
// 52 yo, 7 mm solid nodule…", "q: 78yo m, fever…", "1. Restate: 58M…", "Quick recap of the question:
// 47 yo…", "Findings restated: RUL part-solid…": a step that restates the question holds its
// facts, not a decision a passage supports, so the linker cites nothing for it
// (models/bench/citation-quality's conventions). It still joins the chain's context: it names
// the case's topic.
const RESTATEMENT =
  /^\W*(?:(?:step\s*)?\d+\s*[:.)—–-]*\s*)?(?:(?:first(?:ly)?|ok(?:ay)?|so|right)\s*[,:—–-]?\s*)*(?:let me\s+|i'?ll\s+)?(?:re-?stat(?:e|ing)\b|to restate\b|(?:question|q) recap\b|(?:quick\s+)?recap of the (?:question|stem|case)\b|(?:findings|facts|case)\s+restated\b|the question(?:\s+is)?\s*:)|^\W*(?:the\s+)?(?:stem|question|q)\s*:/i;

// "Q: Is he high risk? A: Yes — 40 pack-years.": a chain that asks itself and answers is reasoning.
const SELF_ANSWERED = /\?\s*\**\s*A\s*\**\s*[:.)]/;

/** A step that restates the question: the linker cites nothing for it. */
export const restatesQuestion = (text: string): boolean =>
  RESTATEMENT.test(text) && !SELF_ANSWERED.test(text);

// A bare list of diagnoses carries no decision a guideline makes: it needs more support.
const DIFFERENTIAL_LIST =
  /^\W*(?:(?:the )?differentials?(?: diagnos[ie]s)?|ddx)\b(?:\s+(?:for|of)\b[^:]{0,60})?\s*(?:includes?|:|-)/i;
const DIFFERENTIAL_THRESHOLD_FACTOR = 1.4;
// A guideline the question is not about ("a fascia iliaca block would help her
// pain" in a hip-fracture question, against the HEART score) needs clearer
// support than one it is about: a shared everyday word is likelier chance there.
const OFF_TOPIC_THRESHOLD_FACTOR = 1.5;

/** The step without its `[guideline#passage]` references: an id is no clinical content to search for. */
export function stripCitationRefs(text: string): string {
  return text.replace(/\[([^\]\n]{3,200})\]/g, (all, inner: string) =>
    inner.split(/[;,]/).every((part) => REF.test(part)) ? ' ' : all,
  );
}

// 'The prelim: "Weber B fibular fracture, mortise congruent, stable." Half right.': a quoted
// read of another reader is their words, not this chain's reasoning, so only what the step says
// of it is searched. A short quote ("nondisplaced", "may be reasonable") is the step's own term.
const ATTRIBUTION =
  /\b(?:report(?:ed|s)?|read(?:er|s)?|prelim\w*|notes?|noted|wrote|written|said|says|worksheet|impression|dictat\w*|documented|referr\w*|colleague|calculation|examiner|sonographer)\b/i;
const QUOTE = /"([^"\n]+)"|“([^”\n]+)”/g;
const QUOTED_READ_MIN_WORDS = 4;

// 'The report says "a 6 mm solid nodule" — doctor-speak for a small spot': a step that explains
// the study's own report in plain words quotes the finding it explains, not a read it weighs;
// one that disputes it ("I disagree", "they missed") is weighing another reader's.
const EXPLAINED_REPORT =
  /\b(?:(?:the|your|his|her|their)\s+(?:report|letter)|it)\s+(?:says|mentions|describes)\s*:?\s*$/i;
const DISPUTE =
  /\b(?:disagree\w*|wrong|missed|left out|overcall\w*|undercall\w*|differently|incorrect\w*|mistaken?|but)\b/i;

/** The step without the reads of other readers it quotes ('The report said: "…"'). */
export function stripQuotedReads(text: string): string {
  const explains = !DISPUTE.test(text);
  return text.replace(
    QUOTE,
    (all: string, straight: string | undefined, curly: string | undefined, at: number) => {
      const before = text.slice(0, at);
      return (straight ?? curly ?? '').split(/\s+/).filter(Boolean).length >=
        QUOTED_READ_MIN_WORDS &&
        ATTRIBUTION.test(before) &&
        !(explains && EXPLAINED_REPORT.test(before))
        ? ' '
        : all;
    },
  );
}

// "Radiologist: No haemorrhage on the plain CT.", "Paeds surg reg: …", "Dr Okafor: …", "Onc (MK): …",
// "Rad 2: …": minutes of a meeting name who speaks, and label what was settled ("AGREED: …",
// "ACTION: …"). Neither is clinical content a passage should cover, and in the training halves
// such labels counted against the support of what was said.
const SPEAKER_LABEL =
  /^(\W*)((?:dr|mr|mrs|ms|prof)\.?\s+[A-Z][\w'-]*|[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,2})(?:\s*\([^()\n]{1,24}\))?\s*:\s+(?=\S)/i;
const SPEAKER_ROLE =
  /^(?:dr|mr|mrs|ms|prof)\b|^(?:action|actions|agreed|decision|outcome)$|(?:ologist|\breg|registrar|consultant|\bcons|physician|surgeon|\bsurg|nurse|sister|chair|coord(?:inator)?|paramedic|sonographer|radiographer|fellow|resident|attending|intern|student|\bfy[12]|\bsho|\bonc|\bneuro|\bpaeds|\brad|\bgastro|\buro|\bortho|\bicu|an(?:a)?esthetist|\bgp|pharmacist|midwife)(?:\s+(?:\d{1,2}|[a-z]{1,3}))?$/i;

/** The step without a leading speaker's name or role ("Surg reg: …") or minute label ("AGREED: …"). */
export function withoutSpeaker(text: string): string {
  const label = SPEAKER_LABEL.exec(text);
  return label && SPEAKER_ROLE.test(label[2] ?? '')
    ? `${label[1] ?? ''}${text.slice(label[0].length)}`
    : text;
}

/** What the linker searches for a step: its own words, without post decorations, dictation commands, speaker, references or quoted reads. */
export const stepQuery = (text: string): string =>
  stripQuotedReads(
    stripCitationRefs(withoutSpeaker(withoutSpokenCommands(withoutPostDecorations(text)))),
  );

// "Capsule?", "Any venous beading or IRMA?", "Q: Where do I start?": a step that only asks claims
// nothing a passage could support; every such step of the training halves expects none. It asks
// from its first word, or is one word; "That's type 1, so she's for treatment?" states first.
const BARE_QUESTION =
  /^(?:q\s*:\s*)?(?:(?:any|anything|anyone|is|are|was|were|does|do|did|can|could|should|would|will|shall|has|have|had|what|which|where|when|why|how|who)\b[^.!?;]*|[^\s.!?;]+)\?\s*$/i;

/**
 * A step that only asks, one question or several ("Could it be serous? Anyone see a
 * honeycomb?"); a self-answered one is not.
 */
export const isBareQuestion = (text: string): boolean =>
  withoutStepMarker(text)
    .trim()
    .split(/(?<=\?)\s+/)
    .every((question) => BARE_QUESTION.test(question));

/** A score as a citation carries it: 3 decimals. */
const rounded = (x: number) => Math.round(x * 1000) / 1000;

/** What a citation shows of its guideline, so an export or another process needs no pack to read it. */
function describe(
  entry: IndexedPassage,
): Pick<Citation, 'title' | 'version' | 'edition' | 'reviewed' | 'url' | 'heading'> {
  const { guideline, passage } = entry;
  return {
    title: guideline.title,
    version: guideline.version,
    ...(guideline.edition ? { edition: guideline.edition } : {}),
    ...(guideline.reviewed ? { reviewed: guideline.reviewed } : {}),
    url: guideline.url,
    heading: passage.heading,
  };
}

/**
 * Finds the guideline passages that support one step: the model's own
 * citations are checked against the packs (unknown ids are returned, not
 * trusted), then the guidelines the citation judge accepts among the search's
 * candidates are added (without the judge: BM25 hits above the support
 * threshold). A step with none is marked instead of given a weak citation.
 */
export function linkStep(
  index: GuidelineIndex,
  text: string,
  options: LinkOptions = {},
): Pick<
  ReasoningStep,
  'citations' | 'noGuidelineSupport' | 'unknownCitations' | 'unsupportedCitations'
> {
  const { threshold, maxCitations, relativeCutoff, minConcepts, modelThreshold } = {
    ...DEFAULT_LINK_OPTIONS,
    ...options,
  };
  const citations: Citation[] = [];
  const unknownCitations: string[] = [];
  const unsupportedCitations: string[] = [];
  const seen = new Set<string>();
  const cited = options.citedIndex ?? index;
  const query = stepQuery(text);
  const judge = options.judge === undefined ? CITATION_JUDGE : options.judge;
  const uncited = citesNothingInChain(query, options);
  const judged = judge && !uncited ? judgeStep(index, query, options, judge) : undefined;
  // Every passage's support for the step, searched once for all the ids the model wrote.
  let supports: Map<string, PassageHit> | undefined;
  for (const ref of extractCitationRefs(text)) {
    const entry = cited.get(ref);
    if (!entry) {
      unknownCitations.push(ref);
      continue;
    }
    seen.add(ref);
    supports ??= new Map(cited.search(query, { limit: cited.size }).map((h) => [h.key, h]));
    const hit = supports.get(ref);
    // A real passage cited for content it does not cover is no support; nor is one covering
    // little of the step whose guideline the judge finds unlikely (an alteplase dose tagged
    // with the stroke guideline), unless its stated range or category holds the step's own
    // size or code ("a 7 mm solid opacity" citing the 6–8 mm passage): that a clinician checks.
    const support = hit?.support ?? 0;
    const unlikely =
      judged !== undefined &&
      support < MODEL_CLEAR_SUPPORT &&
      hit?.quantity !== 'match' &&
      (judged.probability.get(entry.guideline.id) ?? 0) < MODEL_MIN_CONFIDENCE;
    if (!hit || support < modelThreshold || unlikely) {
      unsupportedCitations.push(ref);
      continue;
    }
    citations.push({
      guideline: entry.guideline.id,
      passage: entry.passage.id,
      excerpt: hit.excerpt,
      score: rounded(support),
      source: 'model',
      ...describe(entry),
    });
  }
  const picked: JudgedHit[] =
    uncited || restatesQuestion(query)
      ? []
      : judge && judged
        ? judgedHits(judged, judge, options, relativeCutoff)
        : thresholdHits(
            index,
            query,
            { threshold, maxCitations, relativeCutoff, minConcepts },
            options,
          );
  let added = 0;
  for (const hit of picked) {
    if (added >= maxCitations) break;
    if (seen.has(hit.key)) continue;
    seen.add(hit.key);
    citations.push({
      guideline: hit.guideline.id,
      passage: hit.passage.id,
      excerpt: hit.excerpt,
      score: rounded(hit.support),
      source: 'linker',
      ...(hit.confidence !== undefined ? { confidence: rounded(hit.confidence) } : {}),
      ...(hit.unmatched ? { fromChain: true as const } : {}),
      ...describe(hit),
    });
    added++;
  }
  return {
    citations,
    noGuidelineSupport: citations.length === 0,
    unknownCitations,
    unsupportedCitations,
  };
}

/** The linker before the judge: BM25 hits above a support threshold, off-topic guidelines held to more. */
function thresholdHits(
  index: GuidelineIndex,
  query: string,
  {
    threshold,
    maxCitations,
    relativeCutoff,
    minConcepts,
  }: Pick<
    typeof DEFAULT_LINK_OPTIONS,
    'threshold' | 'maxCitations' | 'relativeCutoff' | 'minConcepts'
  >,
  options: LinkOptions,
): PassageHit[] {
  const hits = index.search(query, {
    limit: maxCitations + 3,
    minSupport: DIFFERENTIAL_LIST.test(query)
      ? threshold * DIFFERENTIAL_THRESHOLD_FACTOR
      : threshold,
    minConcepts,
    prior: options.prior,
    guidelineBoost: options.guidelineBoost,
  });
  const best = hits[0]?.score ?? 0;
  const topics = options.guidelineBoost;
  const offTopicMin = threshold * OFF_TOPIC_THRESHOLD_FACTOR;
  return hits.filter(
    (hit) =>
      hit.score >= best * relativeCutoff &&
      !(topics && topics.size > 0 && !topics.has(hit.guideline.id) && hit.support < offTopicMin),
  );
}

// The judge sees this many candidates, down to this support: enough to know
// what else the search found, cheap enough for 1 ms a step.
const JUDGE_CANDIDATES = 8;
export const JUDGE_MIN_SUPPORT = 0.12;
// The chain's topics: the guidelines that led this many of its earlier steps, at most.
const TOPIC_LEADERS = 2;

/**
 * The guidelines the chain so far is about: those that led its earlier steps, those it named,
 * and those the question names. A step of a chain often shares a word or two with its
 * guideline and no more ("3+2 = 5.", "no capsule.", "SH II"): the chain's topic decides it. So
 * these join the candidates with their best passage however little of the step it covers, and
 * the judge weighs them knowing where they came from (topicCandidate). On the training halves'
 * cross-validation by writer this cut false citations at 88 % recall from 3.8 to 3.2 %
 * (models/bench/citationJudgeBench.ts).
 */
function chainTopics({ context, question }: LinkOptions): Set<string> {
  const ids = new Set<string>();
  if (context) {
    const leaders = [...context.led].sort((a, b) => b[1] - a[1]).slice(0, TOPIC_LEADERS);
    for (const [id] of leaders) ids.add(id);
    for (const id of context.named) ids.add(id);
  }
  for (const id of question?.named ?? []) ids.add(id);
  return ids;
}
// Further citations of a step must be nearly as likely as its first.
const JUDGE_RELATIVE = 0.8;
// A real passage the model cites that covers less than MODEL_CLEAR_SUPPORT of the step is kept
// when the judge gives its guideline at least MODEL_MIN_CONFIDENCE. On the training halves, the
// real references on steps they support that covered so little all got 0.39 or more; of those
// on steps they do not support (drug doses, tumour markers) that passed the support floor,
// all had support 0.30 or less, and all but one a probability of 0.17 or less. With the later
// halves (session 11), 0.5 instead of 0.35 dropped 6 of the 30 real references kept on steps
// they do not support, and none of the 382 kept on steps they do.
const MODEL_CLEAR_SUPPORT = 0.5;
const MODEL_MIN_CONFIDENCE = 0.3;

/** The step's candidates and what the judge reads about the step (also what training sees). */
export function judgeCandidates(
  index: GuidelineIndex,
  query: string,
  options: LinkOptions,
): { step: JudgeStep; hits: PassageHit[] } {
  const topics = chainTopics(options);
  const searched = index.searchWithProfile(query, {
    limit: JUDGE_CANDIDATES,
    minSupport: JUDGE_MIN_SUPPORT,
    minConcepts: 1,
    prior: options.prior,
    guidelineBoost: options.guidelineBoost,
    bestOf: topics,
  });
  const { profile } = searched;
  const questionNamed = options.question?.named;
  const hits =
    questionNamed && questionNamed.size > 0
      ? searched.hits.filter(
          (h) => !unnamedSibling(h.guideline.id, questionNamed, profile.terms, families(index)),
        )
      : searched.hits;
  // A topic the search did not reach joins with the passage that best covered an earlier step.
  const reached = new Set(hits.map((h) => h.guideline.id));
  for (const id of topics) {
    const earlier = reached.has(id) ? undefined : options.context?.passages.get(id);
    const hit = earlier && index.unmatchedHit(earlier);
    if (hit) hits.push(hit);
  }
  // The topics' passages the search appended after its ranked ones.
  const fromTopic = new Set(hits.filter((h) => h.bestOf).map((h) => h.guideline.id));
  return {
    step: {
      profile,
      named: hits.length > 0 ? namedGuidelines(profile.terms, guidelineNames(index)) : new Set(),
      question: options.question,
      text: query,
      differentialList: DIFFERENTIAL_LIST.test(query),
      prior: options.prior,
      guidelineBoost: options.guidelineBoost,
      context: options.context,
      neighbours:
        hits.length > 0 ? nearestSteps(options.judgeMemory ?? shippedJudgeMemory(), query) : [],
      fromTopic,
    },
    hits,
  };
}

/** `compute` for each index once (indexes are immutable once built). */
function perIndex<T>(compute: (index: GuidelineIndex) => T): (index: GuidelineIndex) => T {
  const known = new WeakMap<GuidelineIndex, T>();
  return (index) => {
    if (!known.has(index)) known.set(index, compute(index));
    return known.get(index) as T;
  };
}

/** Guideline families per index. */
const families = perIndex((index) =>
  guidelineFamilies([...new Set(index.passages.map((p) => p.guideline.id))]),
);

/** Guideline name terms per index. */
export const guidelineNames: (index: GuidelineIndex) => Map<string, Set<string>> =
  perIndex(guidelineNameTerms);

/** The index of each guideline's first (best-ranked) candidate: what the judge weighs. */
export function leadCandidates(hits: readonly PassageHit[]): number[] {
  const seen = new Set<string>();
  const leads: number[] = [];
  hits.forEach((hit, i) => {
    if (seen.has(hit.guideline.id)) return;
    seen.add(hit.guideline.id);
    leads.push(i);
  });
  return leads;
}

/** A candidate with the judge's probability that its guideline supports the step (absent without the judge). */
type JudgedHit = PassageHit & { confidence?: number };

/** The judge's verdict on one step: its candidates, and each candidate guideline's probability. */
interface JudgedStep {
  hits: PassageHit[];
  probability: Map<string, number>;
}

/**
 * What the judge weighs for one step: each candidate guideline's lead passage
 * with its features. The step is then recorded in the chain's context. The
 * linker and the judge's training rows (models/bench/citationJudgeBench.ts)
 * both read steps through this, so the judge is fitted on what it is shown.
 */
export function judgedLeads(
  index: GuidelineIndex,
  query: string,
  options: LinkOptions,
): { hits: PassageHit[]; leads: { hit: PassageHit; features: number[] }[] } {
  const { step, hits } = judgeCandidates(index, query, options);
  const leads = leadCandidates(hits).map((i) => ({
    hit: hits[i] as PassageHit,
    features: judgeFeatures(step, hits, i, index.rareIdf),
  }));
  if (options.context) recordStep(options.context, hits, step.named);
  return { hits, leads };
}

/** The judge's probability for each guideline among the step's candidates. */
function judgeStep(
  index: GuidelineIndex,
  query: string,
  options: LinkOptions,
  judge: JudgeWeights,
): JudgedStep {
  const { hits, leads } = judgedLeads(index, query, options);
  const probability = new Map(
    leads.map(({ hit, features }) => [hit.guideline.id, judgeProbability(judge, features)]),
  );
  return { hits, probability };
}

/**
 * Candidates the judge accepts, likeliest guideline first, each with its
 * guideline's probability as `confidence`. The judge decides
 * per guideline, from its best-ranked passage; within an accepted guideline
 * the search's ranking (heading, sizes and codes that fit) orders the
 * passages, and a further passage must score nearly as well as the first.
 */
function judgedHits(
  { hits, probability }: JudgedStep,
  judge: JudgeWeights,
  options: LinkOptions,
  relativeCutoff: number,
): JudgedHit[] {
  const accepted = leadCandidates(hits)
    .map((i) => {
      const lead = hits[i] as PassageHit;
      return { lead, p: probability.get(lead.guideline.id) ?? 0 };
    })
    .filter((g) => g.p >= judge.threshold);
  // A threshold the caller names is a support floor for the judge too.
  const floor = options.threshold ?? 0;
  const top = Math.max(0, ...accepted.map((g) => g.p));
  return accepted
    .filter((g) => g.p >= top * JUDGE_RELATIVE)
    .sort((a, b) => b.p - a.p)
    .flatMap(({ lead, p }) =>
      hits
        .filter(
          (h) =>
            h.guideline.id === lead.guideline.id &&
            h.score >= lead.score * relativeCutoff &&
            h.support >= floor,
        )
        .map((h) => ({ ...h, confidence: p })),
    );
}

// How much the guidelines the question is about rank higher, at full question support.
const QUESTION_BOOST = 0.3;
const QUESTION_GUIDELINES = 3;

/**
 * The guidelines a question is about, as ranking boosts for its steps: the
 * question names the topic ("Bosniak class of this cystic lesion"), which a
 * single step ("five smooth septa under 2 mm") often does not.
 */
export function questionGuidelineBoost(
  index: GuidelineIndex,
  question: string,
  prior?: string,
): Map<string, number> {
  const boost = new Map<string, number>();
  for (const hit of index.search(question, { limit: 20, minSupport: 0.1, prior })) {
    if (boost.size >= QUESTION_GUIDELINES && !boost.has(hit.guideline.id)) continue;
    const share = QUESTION_BOOST * Math.min(1, hit.support / 0.5);
    boost.set(hit.guideline.id, Math.max(boost.get(hit.guideline.id) ?? 0, share));
  }
  return boost;
}

/** Links every parsed step of one perspective. */
export function linkCitations(
  index: GuidelineIndex,
  steps: readonly ParsedStep[],
  perspective: Perspective | null,
  options: LinkOptions = {},
): ReasoningStep[] {
  const chain = { ...options, context: options.context ?? createStepContext() };
  return steps.map((s) => ({
    perspective,
    index: s.index,
    label: s.label,
    text: s.text,
    ...linkStep(index, s.text, chain),
  }));
}
