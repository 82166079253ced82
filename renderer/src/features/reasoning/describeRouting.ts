import type { SpecialtyRouting } from '../../../../electron/common/schemas/reasoning';
import { SPECIALTIES, SPECIALTY_TITLES } from '../../../../electron/common/schemas/specialties';
import { specialtyTitle } from './labels';

/** The routing as the panel and the exports show it. */
export interface RoutingView {
  /** The chosen specialty's title. */
  title: string;
  /** One line: the title and the signals that decided it (the router's own summary when it gives one). */
  line: string;
  /** Every reason the router gave, specialty ids replaced by titles. */
  reasons: string[];
  /** A warning shown beside the routing (e.g. a manual choice the study contradicts). */
  note?: string;
}

// "… → brain-senses" in runs saved before routing named titles, "… → Brain and senses" since.
const ARROW = /\s*→\s*(.+?)(\s*\(default\))?\s*$/;

/** Specialty ids inside a reason ("→ brain-senses", "automatic choice was adult-medicine") as titles. */
function inWords(reason: string): string {
  let text = reason;
  for (const id of SPECIALTIES) text = text.replaceAll(id, SPECIALTY_TITLES[id]);
  return text;
}

/** The reasons that point at `specialty`, without the arrow ("body part CHEST"). */
function signalsFor(routing: SpecialtyRouting, specialty: string): string[] {
  return routing.reasons.flatMap((reason) => {
    const m = ARROW.exec(reason);
    return m && (m[1] === specialty || m[1] === specialtyTitle(specialty))
      ? [`${reason.slice(0, m.index).trim()}${m[2] ? ' (default)' : ''}`]
      : [];
  });
}

/** The specialties by score, highest first, those with no signal left out. */
function ranked(routing: SpecialtyRouting): [string, number][] {
  return Object.entries(routing.scores)
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1]);
}

/**
 * What decided the specialty, in words: its title and only the signals that
 * point at it (a signal for another specialty did not decide), with the
 * score against the runner-up when another specialty had signals too.
 */
export function describeRouting(routing: SpecialtyRouting): RoutingView {
  const title = specialtyTitle(routing.specialty);
  const reasons = routing.reasons.map(inWords);
  const scores = ranked(routing);
  const automatic = scores[0]?.[0];
  let detail: string;
  let note = routing.note;
  if (routing.overridden) {
    detail = 'your choice';
    const suggested = automatic && automatic !== routing.specialty ? automatic : undefined;
    if (!note && suggested)
      note = `You chose ${title}, but the automatic routing points to ${specialtyTitle(suggested)} (${signalsFor(routing, suggested).join('; ')}). Check that the guidelines fit the patient.`;
  } else {
    const signals = signalsFor(routing, routing.specialty);
    const own = routing.scores[routing.specialty] ?? 0;
    const runnerUp = scores.find(([s]) => s !== routing.specialty);
    const weight = !runnerUp
      ? ''
      : runnerUp[1] === own
        ? ` (tied at weight ${own} with ${specialtyTitle(runnerUp[0])})`
        : ` (weight ${own} against ${runnerUp[1]} for ${specialtyTitle(runnerUp[0])})`;
    detail = signals.length
      ? `${signals.join('; ')}${weight}`
      : 'no specialty-specific signal (default)';
  }
  return { title, line: routing.summary ?? `${title} — ${detail}`, reasons, note };
}
