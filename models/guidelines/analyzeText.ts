import { LAY_VOCABULARY } from './layVocabulary';
import { MEDICAL_SYNONYMS, SPELLING_VARIANTS } from './medicalSynonyms';

// Grammar words plus the filler a reasoning model writes in every step;
// matching on them would make any step look "supported".
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his how i if in into is it its ' +
    'let me my of on or our she so such than that the their them then there these they this those to too was we were what when ' +
    'where which while who whom why will with would you your also any all both each either more most other some only own same ' +
    'very just should may might must shall about above after again against below between during further here once out over ' +
    'under until up down off am no nor not now s t step steps first second third next finally therefore thus hence so overall ' +
    'likely unlikely probably possible possibly suggest suggests suggesting consistent image images picture shown show shows ' +
    'seen see look looks looking appear appears appearance patient patients case given based answer option options question ' +
    'think thinking let us conclude conclusion correct choice entirely completely totally clearly really quite ' +
    'rather need needs needed require requires required putting put together choose chose chosen choosing select ' +
    'selected pick picked everything anything something nothing okay ok alright well hmm wait actually basically ' +
    'again already still go going get getting make makes made take takes taking thing things way ways lot bit ' +
    'kind sort fact reason reasons mean means meaning summarize summarise summary recall remember important ' +
    'one two three four five six seven eight nine ten compare compared comparing since itself anywhere ' +
    'elsewhere around already whether clear axial coronal sagittal slice slices view views ' +
    // Discourse words of reasoning text ("let me double-check before deciding").
    'before because though although even ever every check checked double decide deciding help helps ' +
    'fit fits fitting sure reasonable sensible careful carefully reconsider consider considering worth ' +
    // Prefixes split off a hyphen compound ("non-contrast"): the joined token carries them.
    'non pre post semi anti ' +
    // What an apostrophe leaves of a contraction ("you're", "we'll", "doesn't"): grammar, not
    // content, so no pack holds them and they counted against a plainly written step's support.
    're ll ve isn aren wasn weren doesn didn don hasn haven hadn couldn wouldn shouldn mustn needn'
  ).split(/\s+/),
);

/** Light suffix stripping (plural, -ing, -ed, -ment, final e) so "nodules"/"nodule" and "enhancing"/"enhancement" meet. */
export function stemWord(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:sses|xes|ches|shes|zes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ment') && w.length > 7) w = w.slice(0, -4);
  if (w.endsWith('ing') && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 5) w = w.slice(0, -2);
  // "dilation"/"dilated" → dilat, "tortuosity"/"tortuous" → tortuous.
  if (w.endsWith('ation') && w.length > 7) w = w.slice(0, -3);
  else if (w.endsWith('osity') && w.length > 7) w = `${w.slice(0, -5)}ous`;
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

interface PhraseNode {
  next: Map<string, PhraseNode>;
  emit?: string[];
}

/** One word of the text: its folded form, stem, the hyphen chunk it came from. */
export interface TextWord {
  word: string;
  stem: string;
  /** Words of one hyphenated chunk ("ground-glass", "LR-5") share a chunk number. */
  chunk: number;
  stop: boolean;
}

// Score names spelt like everyday words ("HEART score", "ASPECTS"): in capitals
// they are the score, not the organ or the plural, so they fold to their own token.
const ACRONYM_WORDS = /\b(HEART|ASPECTS|NEXUS|PERC|CURB|FAST)\b/g;

function foldText(text: string): string {
  let t = text
    .replace(ACRONYM_WORDS, (w) => `${w.toLowerCase()}acr`)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-');
  for (const [re, to] of SPELLING_VARIANTS) t = t.replace(re, to);
  return t;
}

/** Folded words plus the joined form of each hyphen compound ("LR-5" → lr5, not "6-8"). */
function baseWords(text: string): { words: TextWord[]; joined: Map<number, string> } {
  const words: TextWord[] = [];
  const joined = new Map<number, string>();
  let chunk = 0;
  for (const piece of foldText(text).split(/[^a-z0-9.-]+/)) {
    const parts = piece.split('-').map((p) => p.match(/[a-z0-9]+(?:\.[0-9]+)*/g)?.join('') ?? '');
    const real = parts.filter((p) => p !== '');
    if (real.length === 0) continue;
    for (const word of real) {
      const stem = stemWord(word);
      words.push({
        word,
        stem,
        chunk,
        stop:
          STOP_WORDS.has(word) || STOP_WORDS.has(stem) || (word.length === 1 && /[a-z]/.test(word)),
      });
    }
    if (real.length > 1 && real.length === parts.length && real.some((p) => /[a-z]/.test(p)))
      joined.set(chunk, real.join(''));
    chunk++;
  }
  return { words, joined };
}

function addPhrase(root: PhraseNode, phrase: string, emit: string[]): void {
  let node = root;
  for (const w of baseWords(phrase).words.map((x) => x.stem)) {
    let child = node.next.get(w);
    if (!child) node.next.set(w, (child = { next: new Map() }));
    node = child;
  }
  // The longest (first listed) mapping wins when two lists share a phrase.
  node.emit ??= emit;
}

function synonymTrie(): PhraseNode {
  const root: PhraseNode = { next: new Map() };
  for (const [canonical, phrases] of Object.entries(MEDICAL_SYNONYMS))
    for (const phrase of phrases) addPhrase(root, phrase, canonical.split(' '));
  return root;
}

const trie = synonymTrie();

/**
 * The synonyms plus everyday words, for reading a step (groupWords), not for indexing passages:
 * a passage's "bleeding" or "tear" is already the clinical word. A lay phrase adds its medical
 * words' own terms, analysed with the synonyms ("the dye" → contrast); a phrase both hold keeps
 * its synonym.
 */
const queryTrie = synonymTrie();
for (const [medical, phrases] of Object.entries(LAY_VOCABULARY)) {
  const emit = [...new Set(analyzeText(medical))];
  for (const phrase of phrases) addPhrase(queryTrie, phrase, emit);
}

/** Synonym phrases found in a word list (longest match first): [start, end] inclusive and their canonical tokens. */
function findPhrases(
  words: readonly TextWord[],
  root: PhraseNode,
): { start: number; end: number; emit: string[] }[] {
  const found: { start: number; end: number; emit: string[] }[] = [];
  for (let i = 0; i < words.length; i++) {
    let node: PhraseNode | undefined = root;
    let emit: string[] | undefined;
    let end = i;
    for (let j = i; j < words.length; j++) {
      node = node.next.get(words[j]?.stem ?? '');
      if (!node) break;
      if (node.emit) {
        emit = node.emit;
        end = j;
      }
    }
    if (emit) {
      found.push({ start: i, end, emit });
      i = end;
    }
  }
  return found;
}

/**
 * Turns text into search terms: folded spelling, stemmed words without stop
 * words, hyphen compounds joined (lr5), plus the canonical token of every
 * synonym phrase found (longest match). Isomorphic; no Node APIs.
 */
export function analyzeText(text: string): string[] {
  const { words, joined } = baseWords(text);
  const extra = findPhrases(words, trie).flatMap((p) => p.emit);
  return [...words.filter((w) => !w.stop).map((w) => w.stem), ...joined.values(), ...extra];
}

/**
 * The words of a text with phrase and compound groups, for query analysis:
 * `groups[i]` is the concept number of word i (words of one synonym phrase or
 * one hyphen compound share it) and `extra` maps a concept to the joined and
 * canonical tokens it adds.
 */
export function groupWords(text: string): {
  words: TextWord[];
  groups: number[];
  extra: Map<number, string[]>;
} {
  const { words, joined } = baseWords(text);
  const groups = words.map((_, i) => i);
  const extra = new Map<number, string[]>();
  const addExtra = (group: number, tokens: string[]) =>
    extra.set(group, [...(extra.get(group) ?? []), ...tokens]);
  // Hyphen compounds that join into one token are one concept ("ground-glass").
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as TextWord;
    if (joined.has(w.chunk) && (words[i - 1] as TextWord).chunk === w.chunk)
      groups[i] = groups[i - 1] as number;
  }
  for (const [chunk, token] of joined) {
    const first = words.findIndex((w) => w.chunk === chunk);
    if (first >= 0) addExtra(groups[first] as number, [token]);
  }
  for (const phrase of findPhrases(words, queryTrie)) {
    const group = groups[phrase.start] as number;
    for (let i = phrase.start; i <= phrase.end; i++) {
      const old = groups[i] as number;
      if (old === group) continue;
      for (let j = 0; j < groups.length; j++) if (groups[j] === old) groups[j] = group;
      const moved = extra.get(old);
      if (moved) {
        addExtra(group, moved);
        extra.delete(old);
      }
    }
    addExtra(group, phrase.emit);
  }
  return { words, groups, extra };
}
