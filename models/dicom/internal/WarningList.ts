/** At most this many distinct warnings are kept; a fuzzed file could otherwise produce one per byte. */
const MAX_WARNINGS = 20;

/**
 * The warnings of one read: what was wrong with the file but read anyway,
 * each a sentence without patient data, each listed once.
 */
export class WarningList {
  private readonly seen = new Set<string>();
  private dropped = 0;

  add(warning: string): void {
    if (this.seen.has(warning)) return;
    if (this.seen.size >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    this.seen.add(warning);
  }

  list(): string[] {
    const all = [...this.seen];
    if (this.dropped > 0) all.push(`${this.dropped} more warning(s) were not listed`);
    return all;
  }
}
