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
    'think thinking let us conclude conclusion correct choice'
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
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

interface PhraseNode {
  next: Map<string, PhraseNode>;
  emit?: string[];
}

function baseWords(text: string): { words: string[]; joined: string[] } {
  let t = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-');
  for (const [re, to] of SPELLING_VARIANTS) t = t.replace(re, to);
  const words: string[] = [];
  const joined: string[] = [];
  for (const chunk of t.split(/[^a-z0-9.-]+/)) {
    const parts = chunk.split('-').map((p) => p.match(/[a-z0-9]+(?:\.[0-9]+)*/g)?.join('') ?? '');
    const real = parts.filter((p) => p !== '');
    words.push(...real);
    // "LR-5" → lr5, "ground-glass" → groundglass, but not number ranges like "6-8".
    if (real.length > 1 && real.length === parts.length && real.some((p) => /[a-z]/.test(p)))
      joined.push(real.join(''));
  }
  return { words, joined };
}

function buildPhraseTrie(): PhraseNode {
  const root: PhraseNode = { next: new Map() };
  for (const [canonical, phrases] of Object.entries(MEDICAL_SYNONYMS)) {
    for (const phrase of phrases) {
      let node = root;
      for (const w of baseWords(phrase).words.map(stemWord)) {
        let child = node.next.get(w);
        if (!child) node.next.set(w, (child = { next: new Map() }));
        node = child;
      }
      // The longest (first listed) mapping wins when two lists share a phrase.
      node.emit ??= canonical.split(' ');
    }
  }
  return root;
}

const trie = buildPhraseTrie();

/**
 * Turns text into search terms: folded spelling, stemmed words without stop
 * words, hyphen compounds joined (lr5), plus the canonical token of every
 * synonym phrase found (longest match). Isomorphic; no Node APIs.
 */
export function analyzeText(text: string): string[] {
  const { words, joined } = baseWords(text);
  const stems = words.map(stemWord);
  const extra: string[] = [];
  for (let i = 0; i < stems.length; i++) {
    let node: PhraseNode | undefined = trie;
    let emit: string[] | undefined;
    let end = i;
    for (let j = i; j < stems.length; j++) {
      node = node.next.get(stems[j] ?? '');
      if (!node) break;
      if (node.emit) {
        emit = node.emit;
        end = j;
      }
    }
    if (emit) {
      extra.push(...emit);
      i = end;
    }
  }
  const out = stems.filter(
    (w, i) =>
      !STOP_WORDS.has(words[i] ?? '') && !STOP_WORDS.has(w) && !(w.length === 1 && /[a-z]/.test(w)),
  );
  return [...out, ...joined, ...extra];
}
