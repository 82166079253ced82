import { standardVrs } from './internal/standardVrs';

/**
 * VRs chosen where PS3.6 allows two ("OB or OW"): how our files and dcmtk
 * write them. Everything else comes from the PS3.6 dictionary
 * (internal/standardVrs.ts, generated).
 */
const chosenVrs: [string, string][] = [['7FE00010', 'OW']];

let exact: Map<string, string> | undefined;
let masks: { pattern: RegExp; vr: string }[] = [];

/** Parses the generated table once, on first use (about 5000 entries). */
function load(): Map<string, string> {
  if (exact) return exact;
  exact = new Map();
  const repeating: { pattern: RegExp; vr: string }[] = [];
  for (const line of standardVrs.split('\n')) {
    const [group, ...entries] = line.split(' ');
    if (!group) continue;
    for (const entry of entries) {
      const tag = group + entry.slice(0, 4);
      const vr = entry.slice(4);
      if (tag.includes('x'))
        repeating.push({ pattern: new RegExp(`^${tag.replace(/x/g, '[0-9A-F]')}$`), vr });
      else exact.set(tag, vr);
    }
  }
  for (const [tag, vr] of chosenVrs) exact.set(tag, vr);
  masks = repeating;
  return exact;
}

/**
 * The PS3.6 VR of a standard tag (8 upper-case hex digits), repeating groups
 * (50xx, 60xx, ...) included; undefined for private and unknown tags. Small
 * enough to load with the parser, which needs it for implicit VR data.
 */
export function tagVr(tag: string): string | undefined {
  const found = load().get(tag);
  if (found) return found;
  if (parseInt(tag.slice(0, 4), 16) % 2 === 1) return undefined;
  return masks.find((m) => m.pattern.test(tag))?.vr;
}
