import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface BrokenDocLink {
  /** Repository-relative file that holds the link. */
  file: string;
  line: number;
  target: string;
  reason: string;
}

const SOURCE_FILE = /\.(ts|tsx|mts|js|mjs|cjs)$/;
/** `[text](target)` and `![alt](target)`; the target ends at whitespace (a title may follow) or `)`. */
const INLINE_LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g;
/** `[label]: target` reference definitions. */
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/;
/**
 * A document named in code or UI text: a path from the repository root (or,
 * starting with `.`, from the file) whose file name is upper case (README.md,
 * docs/MODEL-CONTRACT.md). Lower-case names
 * (report.md) are files the program writes, not documents of this repository.
 */
const DOC_PATH_IN_SOURCE = /(?<![\w./-])((?:[\w.-]+\/)*[A-Z][A-Z0-9_-]*\.md)(?![\w])/g;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const text = heading[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The lines of a Markdown text with fenced code blocks blanked. */
function withoutFences(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line;
  });
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/**
 * Every relative link in the repository's Markdown files (and `#anchors` to
 * their headings) and every document path named in source and UI strings
 * that does not resolve to one of `files`. `files` are repository-relative
 * paths (git ls-files); `read` returns a file's text.
 */
export function findBrokenDocLinks(
  files: readonly string[],
  read: (file: string) => string,
): BrokenDocLink[] {
  const tracked = new Set(files);
  const folders = new Set(files.flatMap((file) => ancestors(file)));
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (file: string) => {
    let anchors = anchorCache.get(file);
    if (!anchors) {
      anchors = headingAnchors(read(file));
      anchorCache.set(file, anchors);
    }
    return anchors;
  };
  const broken: BrokenDocLink[] = [];

  const checkTarget = (file: string, line: number, target: string, base: string) => {
    const hashAt = target.indexOf('#');
    const pathPart = decodeURI(hashAt === -1 ? target : target.slice(0, hashAt));
    const anchor = hashAt === -1 ? undefined : target.slice(hashAt + 1);
    const resolved = pathPart
      ? posix.normalize(pathPart.startsWith('/') ? pathPart.slice(1) : posix.join(base, pathPart))
      : file;
    const isFolder = folders.has(resolved.replace(/\/$/, ''));
    if (resolved.startsWith('../') || (!tracked.has(resolved) && !isFolder)) {
      broken.push({ file, line, target, reason: `${resolved} is not a file of the repository` });
      return;
    }
    if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor.toLowerCase()))
      broken.push({ file, line, target, reason: `${resolved} has no heading #${anchor}` });
  };

  for (const file of files) {
    if (file.endsWith('.md')) {
      const base = posix.dirname(file);
      withoutFences(read(file)).forEach((line, index) => {
        const text = line.replace(/(`+)[^`]*?\1/g, '');
        const targets = [...text.matchAll(INLINE_LINK)].map((match) => match[1] ?? '');
        const definition = REFERENCE_DEFINITION.exec(text)?.[1];
        if (definition) targets.push(definition);
        for (const target of targets)
          if (target && !isExternal(target)) checkTarget(file, index + 1, target, base);
      });
    } else if (SOURCE_FILE.test(file)) {
      read(file)
        .split('\n')
        .forEach((text, index) => {
          for (const match of text.matchAll(DOC_PATH_IN_SOURCE)) {
            const target = match[1] ?? '';
            // A path starting with `.` is an import, relative to the file; any other is from the root.
            checkTarget(
              file,
              index + 1,
              target,
              target.startsWith('.') ? posix.dirname(file) : '.',
            );
          }
        });
    }
  }
  return broken;
}

function ancestors(file: string): string[] {
  const parts = file.split('/');
  return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** Reads repository files relative to `root`. */
export function readFrom(root: string): (file: string) => string {
  return (file) => readFileSync(join(root, file), 'utf8');
}
