import { standardTags } from './internal/standardTags';

/**
 * VRs chosen where PS3.6 allows two ("OB or OW"): how our files and dcmtk
 * write them. Everything else comes from the full PS3.6 dictionary
 * (internal/standardTags.ts, generated).
 */
const entries: [string, string][] = [['7FE00010', 'OW']];

export interface TagInfo {
  vr: string;
  name: string;
  /** The PS3.6 keyword, e.g. PatientName. */
  keyword: string;
  retired: boolean;
}

let exact: Map<string, TagInfo> | undefined;
let masks: { pattern: RegExp; info: TagInfo }[] = [];

/** Parses the generated table once, on first use (about 5000 lines). */
function load(): Map<string, TagInfo> {
  if (exact) return exact;
  exact = new Map();
  const repeating: { pattern: RegExp; info: TagInfo }[] = [];
  for (const line of standardTags.split('\n')) {
    if (!line) continue;
    const [tag, vr, keyword, name, retired] = line.split('\t') as [
      string,
      string,
      string,
      string,
      string?,
    ];
    const info = { vr, keyword, name, retired: retired === 'R' };
    if (tag.includes('x'))
      repeating.push({ pattern: new RegExp(`^${tag.replace(/x/g, '[0-9A-F]')}$`), info });
    else exact.set(tag, info);
  }
  for (const [tag, vr] of entries) {
    const known = exact.get(tag);
    if (known) exact.set(tag, { ...known, vr });
  }
  masks = repeating;
  return exact;
}

/**
 * The PS3.6 data dictionary: VR, name and keyword of every standard tag,
 * repeating groups (50xx, 60xx, ...) included. `tag` is 8 upper-case hex digits.
 */
export const tagDictionary = {
  get(tag: string): TagInfo | undefined {
    const found = load().get(tag);
    if (found) return found;
    const group = parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) return undefined;
    return masks.find((m) => m.pattern.test(tag))?.info;
  },
};
