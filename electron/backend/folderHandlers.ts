import { readdir, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { AppError } from '../common/appError';
import type { FolderListing } from '../common/schemas/models';

/** Enough for any real folder; a listing never grows without bound. */
const MAX_FOLDERS = 1000;

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * A server-side folder browser for the Models dialog in web mode, where a
 * browser cannot hand over a folder's path: it lists sub-folders of the
 * user's home folder only (links resolved first, so none leads out of it),
 * never files, and only to a caller that holds the launch token like every
 * other call.
 */
export function createFolderHandlers({ home = homedir() }: { home?: string } = {}) {
  return {
    async listFolders({ path }: { path?: string }): Promise<FolderListing> {
      const root = await realpath(home);
      let target: string;
      try {
        target = await realpath(path ? (isAbsolute(path) ? path : join(root, path)) : root);
      } catch {
        throw new AppError({
          code: 'folder-missing',
          title: 'That folder does not exist',
          suggestion: 'Choose a folder inside your home folder.',
        });
      }
      if (!inside(root, target))
        throw new AppError({
          code: 'folder-outside-home',
          title: 'Only folders inside your home folder can be browsed',
          suggestion: 'Move the model folder into your home folder, or type its path.',
        });
      let names: string[];
      try {
        const entries = await readdir(target, { withFileTypes: true });
        names = entries
          .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
          .map((e) => e.name)
          .sort((a, b) => a.localeCompare(b));
      } catch {
        throw new AppError({
          code: 'folder-unreadable',
          title: 'That folder cannot be read',
          suggestion: 'Check its permissions, or choose another folder.',
        });
      }
      return {
        path: target,
        ...(target !== root ? { parent: dirname(target) } : {}),
        home: root,
        folders: names.slice(0, MAX_FOLDERS),
        truncated: names.length > MAX_FOLDERS,
      };
    },
  };
}
