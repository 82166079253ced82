import type { TagEntry } from '../../../../models/dicom/index';

/** One line of the tag browser: an attribute, or an item header inside a sequence. */
export interface TagRow {
  /** Unique path, e.g. "(0008,1140)/0/(0008,1150)". */
  key: string;
  depth: number;
  entry?: TagEntry;
  /** For item headers: "Item 1". */
  label?: string;
  expandable: boolean;
  expanded: boolean;
}

/** Whether an attribute matches the search: tag as "(0010,0010)", "0010,0010" or "00100010", keyword, name or value. */
export function tagMatches(entry: TagEntry, needle: string): boolean {
  if (!needle) return true;
  const hex = needle.replace(/[(),\s]/g, '');
  if (
    /^[0-9a-f]{4,8}$/i.test(hex) &&
    entry.tag.replace(/[(),]/g, '').toLowerCase().includes(hex.toLowerCase())
  )
    return true;
  return `${entry.tag} ${entry.keyword} ${entry.name} ${entry.value}`
    .toLowerCase()
    .includes(needle.toLowerCase());
}

function subtreeMatches(entry: TagEntry, needle: string): boolean {
  return (
    tagMatches(entry, needle) ||
    (entry.items ?? []).some((item) => item.some((e) => subtreeMatches(e, needle)))
  );
}

/**
 * The rows to show: sequences open where `expanded` holds their key, and,
 * while searching, wherever something inside them matches (their own row
 * stays, for context).
 */
export function tagRows(tags: TagEntry[], expanded: ReadonlySet<string>, query: string): TagRow[] {
  const needle = query.trim();
  const rows: TagRow[] = [];
  const walk = (list: TagEntry[], depth: number, prefix: string) => {
    for (const entry of list) {
      if (needle && !subtreeMatches(entry, needle)) continue;
      const key = `${prefix}${entry.tag}`;
      const expandable = (entry.items?.length ?? 0) > 0;
      const childMatch =
        needle !== '' &&
        (entry.items ?? []).some((item) => item.some((e) => subtreeMatches(e, needle)));
      const open = expandable && (expanded.has(key) || childMatch);
      rows.push({ key, depth, entry, expandable, expanded: open });
      if (!open) continue;
      entry.items!.forEach((item, i) => {
        rows.push({
          key: `${key}/${i}`,
          depth: depth + 1,
          label: `Item ${i + 1}`,
          expandable: false,
          expanded: false,
        });
        walk(item, depth + 2, `${key}/${i}/`);
      });
    }
  };
  walk(tags, 0, '');
  return rows;
}
