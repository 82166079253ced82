const MIN_LENGTH = 5;

const deletions = (term: string): string[] => {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
};

/**
 * Maps a misspelt search term to the one vocabulary term within one edit
 * (insertion, deletion, substitution or adjacent transposition), by the
 * symmetric-delete method (Garbe, SymSpell): each vocabulary term is stored
 * under its single-character deletions, so a lookup costs one hash probe per
 * character instead of a scan of the vocabulary. Ambiguous corrections
 * (two candidates) are refused: a wrong correction would cite a wrong passage.
 */
export class TypoCorrector {
  private readonly byDeletion = new Map<string, string[]>();
  private readonly vocabulary: ReadonlySet<string>;

  constructor(vocabulary: Iterable<string>) {
    this.vocabulary = new Set(vocabulary);
    for (const term of this.vocabulary) {
      if (term.length < MIN_LENGTH || /\d/.test(term)) continue;
      for (const key of [term, ...deletions(term)]) {
        const list = this.byDeletion.get(key);
        if (!list) this.byDeletion.set(key, [term]);
        else if (!list.includes(term)) list.push(term);
      }
    }
  }

  /** The corrected term, or undefined when the term is known, too short, or not one unambiguous edit away. */
  correct(term: string): string | undefined {
    if (term.length < MIN_LENGTH || this.vocabulary.has(term) || /\d/.test(term)) return undefined;
    const candidates = new Set<string>();
    for (const key of [term, ...deletions(term)])
      for (const hit of this.byDeletion.get(key) ?? [])
        if (withinOneEdit(term, hit)) candidates.add(hit);
    return candidates.size === 1 ? [...candidates][0] : undefined;
  }
}

/** Damerau–Levenshtein distance ≤ 1 (the symmetric-delete probe also finds some two-edit pairs). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
