import { tagVr } from './tagVr';

export interface TagInfo {
  vr: string;
  name: string;
  /** The PS3.6 keyword, e.g. PatientName. */
  keyword: string;
  retired: boolean;
}

/** The PS3.6 data dictionary with names: `get` takes 8 upper-case hex digits. */
export interface TagDictionary {
  get(tag: string): TagInfo | undefined;
}

let loading: Promise<TagDictionary> | undefined;

/**
 * Loads the PS3.6 data dictionary: VR, name and keyword of every standard
 * tag, repeating groups (50xx, 60xx, ...) included. The names are about
 * 300 KB, so they load on first use (a chunk of their own in the app's
 * bundle); parsing needs only the VRs and uses tagVr.ts.
 */
export function loadTagDictionary(): Promise<TagDictionary> {
  loading ??= import('./internal/standardTags')
    .then(({ standardTags }) => buildDictionary(standardTags))
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

function buildDictionary(table: string): TagDictionary {
  const exact = new Map<string, TagInfo>();
  const masks: { pattern: RegExp; info: TagInfo }[] = [];
  for (const line of table.split('\n')) {
    if (!line) continue;
    const [tag, vr, keyword, name, retired] = line.split('\t') as [
      string,
      string,
      string,
      string,
      string?,
    ];
    // The VR as parsing sees it (tagVr holds the choices where PS3.6 allows two); masks are not tags.
    const info = { vr: tagVr(tag) ?? vr, keyword, name, retired: retired === 'R' };
    if (tag.includes('x'))
      masks.push({ pattern: new RegExp(`^${tag.replace(/x/g, '[0-9A-F]')}$`), info });
    else exact.set(tag, info);
  }
  return {
    get(tag) {
      const found = exact.get(tag);
      if (found) return found;
      if (parseInt(tag.slice(0, 4), 16) % 2 === 1) return undefined;
      return masks.find((m) => m.pattern.test(tag))?.info;
    },
  };
}
