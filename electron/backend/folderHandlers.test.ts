import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFolderHandlers } from './folderHandlers';

const base = mkdtempSync(join(tmpdir(), 'mmx-folders-'));
const home = join(base, 'home');
mkdirSync(join(home, 'models', 'qwen2-vl'), { recursive: true });
mkdirSync(join(home, '.cache'));
mkdirSync(join(base, 'elsewhere'));
writeFileSync(join(home, 'notes.txt'), 'not a folder');
symlinkSync(join(base, 'elsewhere'), join(home, 'out'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('listFolders', () => {
  const { listFolders } = createFolderHandlers({ home });

  it('lists the sub-folders of the home folder, without files or hidden folders', async () => {
    const listing = await listFolders({});
    expect(listing.folders).toEqual(['models']);
    expect(listing.parent).toBeUndefined();
    const models = await listFolders({ path: join(listing.path, 'models') });
    expect(models.folders).toEqual(['qwen2-vl']);
    expect(models.parent).toBe(listing.path);
  });

  it('refuses folders outside the home folder, also through a link, and names a missing one', async () => {
    await expect(listFolders({ path: base })).rejects.toMatchObject({
      code: 'folder-outside-home',
    });
    await expect(listFolders({ path: join(home, 'out') })).rejects.toMatchObject({
      code: 'folder-outside-home',
    });
    await expect(listFolders({ path: join(home, '..', '..') })).rejects.toMatchObject({
      code: 'folder-outside-home',
    });
    await expect(listFolders({ path: join(home, 'nope') })).rejects.toMatchObject({
      code: 'folder-missing',
      title: 'That folder does not exist',
    });
  });
});
