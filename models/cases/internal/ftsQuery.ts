/**
 * A user's search text as an FTS4 MATCH expression: every word must occur,
 * each as a prefix ("nod" finds "nodule"). Only letters and digits pass, so
 * no FTS operator (NEAR, OR, quotes, column filters) can come from the text.
 */
export function ftsQuery(text: string): string {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, 16)
    .map((w) => `${w.toLowerCase()}*`)
    .join(' ');
}
