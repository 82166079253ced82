import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const SOURCE_DIRS = ['models', 'electron', 'renderer/src'];

/** Production sources: no tests, no test helpers (testing/), no generated or vendored code. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'testing' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|bench|d)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const EXPORT =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|abstract\s+class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm;

describe('one job, one definition, one name (the project style guide, "From our own code")', () => {
  it('has no exported name defined in two production modules', () => {
    const where = new Map<string, string[]>();
    for (const file of SOURCE_DIRS.flatMap((d) => sources(join(root, d)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(EXPORT)) {
        const name = m[1]!;
        where.set(name, [...(where.get(name) ?? []), relative(root, file)]);
      }
    }
    const twice = [...where].filter(([, files]) => new Set(files).size > 1);
    expect(Object.fromEntries(twice)).toEqual({});
  });
});
