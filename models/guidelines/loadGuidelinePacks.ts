// Node-only: reads packs from the file system. Everything else in this folder
// is isomorphic so the renderer can index packs it receives as JSON.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuidelinePack } from './guidelineSchema';
import {
  formatIssue,
  validatePack,
  validatePackSet,
  type PackIssue,
  type RawPack,
} from './validatePack';
import { describeJsonSyntaxError } from '../json/describeJson';

/** Folder of the packs shipped with the app (one sub-folder per pack). */
export const BUNDLED_PACKS_DIR = fileURLToPath(new URL('./packs/', import.meta.url));

/** Environment variable with extra pack folders (institutional protocols), separated like PATH. */
export const GUIDELINE_DIRS_ENV = 'MMX_GUIDELINE_DIRS';

export class GuidelinePackError extends Error {
  override name = 'GuidelinePackError';
  constructor(readonly issues: PackIssue[]) {
    const more =
      issues.length > 1
        ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`
        : '';
    super(`loadGuidelinePacks: ${issues[0] ? formatIssue(issues[0]) : 'invalid pack'}${more}`);
  }
}

export interface LoadedPack {
  pack: GuidelinePack;
  /** Folder it came from. */
  dir: string;
  bundled: boolean;
}

const display = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GuidelinePackError([
      {
        file: display(file),
        path: '',
        message: describeJsonSyntaxError(text, error),
      },
    ]);
  }
}

/** Reads one pack folder (pack.json + one JSON file per guideline) without validating it. */
export function readRawPack(dir: string): RawPack {
  const manifestFile = join(dir, 'pack.json');
  if (!existsSync(manifestFile))
    throw new GuidelinePackError([
      { file: display(dir), path: '', message: 'no pack.json in this folder' },
    ]);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'pack.json')
    .sort();
  return {
    manifest: { file: display(manifestFile), data: readJson(manifestFile) },
    guidelines: files.map((f) => ({ file: display(join(dir, f)), data: readJson(join(dir, f)) })),
  };
}

/** A folder is a pack when it has pack.json; otherwise each sub-folder with a pack.json is one. */
function packFolders(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GuidelinePackError([
      { file: display(dir), path: '', message: 'guideline folder does not exist' },
    ]);
  }
  if (existsSync(join(dir, 'pack.json'))) return [dir];
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((p) => statSync(p).isDirectory() && existsSync(join(p, 'pack.json')))
    .sort();
}

export interface LoadGuidelinePacksOptions {
  /** Extra pack folders (or folders of packs), e.g. from --dir. */
  dirs?: string[];
  /** Include the bundled packs (default true). */
  bundled?: boolean;
  /** Read MMX_GUIDELINE_DIRS from this environment (default process.env; pass {} to ignore). */
  env?: Record<string, string | undefined>;
  bundledDir?: string;
}

/**
 * Loads and validates the bundled packs plus the user's folders. Throws a
 * GuidelinePackError naming the file and field of the first problem (all
 * problems are in `.issues`); never returns a half-valid pack.
 */
export function loadGuidelinePacks(options: LoadGuidelinePacksOptions = {}): LoadedPack[] {
  const env = options.env ?? process.env;
  const userDirs = [
    ...(options.dirs ?? []),
    ...(env[GUIDELINE_DIRS_ENV] ?? '').split(delimiter).filter((d) => d.trim() !== ''),
  ];
  const sources = [
    ...(options.bundled === false
      ? []
      : packFolders(options.bundledDir ?? BUNDLED_PACKS_DIR).map((dir) => ({
          dir,
          bundled: true,
        }))),
    ...userDirs.flatMap((d) => packFolders(resolve(d)).map((dir) => ({ dir, bundled: false }))),
  ];
  const loaded: LoadedPack[] = [];
  const issues: PackIssue[] = [];
  for (const { dir, bundled } of sources) {
    const raw = readRawPack(dir);
    const result = validatePack(raw);
    if (result.pack) loaded.push({ pack: result.pack, dir, bundled });
    issues.push(...result.issues);
  }
  issues.push(
    ...validatePackSet(
      loaded.map((l) => ({ pack: l.pack, file: display(join(l.dir, 'pack.json')) })),
    ),
  );
  if (issues.length > 0) throw new GuidelinePackError(issues);
  return loaded;
}
