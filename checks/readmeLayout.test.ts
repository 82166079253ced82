import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const trackedFiles = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

/** Tracked folders directly inside `parent` ('' for the root), dot-folders left out. */
function subfolders(parent: string): string[] {
  const prefix = parent ? `${parent}/` : '';
  const names = trackedFiles
    .filter((file) => file.startsWith(prefix))
    .map((file) => file.slice(prefix.length).split('/'))
    .filter((parts) => parts.length > 1 && !parts[0]?.startsWith('.'))
    .map((parts) => parts[0] ?? '');
  return [...new Set(names)].sort();
}

/**
 * The README's layout block, as top-level folder → the text of its lines
 * (a line starting in column 0 with `name/` opens a folder).
 */
function layoutBlock(): Map<string, string> {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Layout'));
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const folders = new Map<string, string>();
  let current = '';
  for (const line of block.split('\n')) {
    const top = /^([\w-]+)\/\s/.exec(line)?.[1];
    if (top) current = top;
    if (current)
      folders.set(
        current,
        `${folders.get(current) ?? ''}\n${top ? line.slice(top.length + 1) : line}`,
      );
  }
  return folders;
}

/** Folder paths named in a text: `cli/`, `src/bridge`, `src/features/{a,b}` (expanded). */
function namedPaths(text: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(
    /(?<![\w./-])((?:[a-z][\w-]*\/)+(?:\{[\w,]+\}|[a-z][\w-]*)?)/g,
  )) {
    const token = (match[1] ?? '').replace(/\/$/, '');
    const braces = /^(.*)\/\{([\w,]+)\}$/.exec(token);
    if (braces) paths.push(...(braces[2] ?? '').split(',').map((name) => `${braces[1]}/${name}`));
    else paths.push(token);
  }
  return paths;
}

describe("the README's layout section", () => {
  const layout = layoutBlock();

  it('names every top-level folder of the repository, and no other', () => {
    expect([...layout.keys()].sort()).toEqual(subfolders(''));
  });

  for (const [top, text] of layout) {
    it(`names all folders of ${top}/ at each level it describes, and only those`, () => {
      // `src/features/{a,b}` describes the level inside src/ and the one inside src/features/.
      const named = new Map<string, Set<string>>();
      for (const path of namedPaths(text)) {
        const parts = path.split('/');
        parts.forEach((part, depth) => {
          const parent = [top, ...parts.slice(0, depth)].join('/');
          named.set(parent, (named.get(parent) ?? new Set()).add(part));
        });
      }
      if (subfolders(top).length > 0) expect(named.has(top)).toBe(true);
      for (const [parent, children] of named)
        expect({ parent, children: [...children].sort() }).toEqual({
          parent,
          children: subfolders(parent),
        });
    });
  }
});
