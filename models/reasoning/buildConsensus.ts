import type {
  Consensus,
  Perspective,
  PerspectiveResult,
} from '../../electron/common/schemas/reasoning';

const keyOf = (answer: PerspectiveResult['answer']): string | null => {
  if (!answer) return null;
  if (answer.letter) return answer.letter.toUpperCase();
  const text = answer.text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return text || null;
};

/**
 * Combines the answers of several perspectives (the "all" choice): votes per
 * answer (by option letter, else by normalised text), the majority, how much
 * the perspectives agree, who disagrees, and which passages several
 * perspectives relied on.
 */
export function buildConsensus(results: readonly PerspectiveResult[]): Consensus {
  const votes = new Map<
    string,
    { key: string; letter: string | null; text: string; perspectives: Perspective[] }
  >();
  let answered = 0;
  for (const r of results) {
    const key = keyOf(r.answer);
    if (!key || !r.perspective || !r.answer) continue;
    answered++;
    const vote = votes.get(key) ?? {
      key,
      letter: r.answer.letter,
      text: r.answer.text,
      perspectives: [],
    };
    vote.perspectives.push(r.perspective);
    votes.set(key, vote);
  }
  const ranked = [...votes.values()].sort((a, b) => b.perspectives.length - a.perspectives.length);
  const top = ranked[0];
  const tie =
    top !== undefined &&
    ranked[1] !== undefined &&
    ranked[1].perspectives.length === top.perspectives.length;
  const majority = top && !tie ? top : null;
  // With no majority (a tie, or no answers) every perspective is listed as disagreeing.
  const disagreements = results.flatMap((r) => {
    const key = keyOf(r.answer);
    if (!r.perspective || (majority && key === majority.key)) return [];
    return [{ perspective: r.perspective, answer: key, majority: majority?.key ?? null }];
  });

  const cited = new Map<
    string,
    { guideline: string; passage: string; perspectives: Perspective[] }
  >();
  for (const r of results) {
    if (!r.perspective) continue;
    for (const c of r.steps.flatMap((s) => s.citations)) {
      const key = `${c.guideline}#${c.passage}`;
      const entry = cited.get(key) ?? {
        guideline: c.guideline,
        passage: c.passage,
        perspectives: [],
      };
      if (!entry.perspectives.includes(r.perspective)) entry.perspectives.push(r.perspective);
      cited.set(key, entry);
    }
  }
  return {
    votes: ranked,
    majority,
    agreement: majority && answered > 0 ? majority.perspectives.length / answered : 0,
    unanimous:
      majority !== null && answered === results.length && majority.perspectives.length === answered,
    disagreements,
    sharedCitations: [...cited.values()]
      .filter((c) => c.perspectives.length > 1)
      .sort((a, b) => b.perspectives.length - a.perspectives.length),
  };
}
