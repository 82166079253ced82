import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
} from './windowState';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'mmx-ws-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('round-trips position, size and maximized', async () => {
    const file = join(dir, 'state.json');
    await saveWindowState(file, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(await loadWindowState(file)).toEqual({
      x: 10,
      y: 20,
      width: 1200,
      height: 800,
      maximized: true,
    });
    expect(JSON.parse(await readFile(file, 'utf8')).width).toBe(1200);
  });

  it('falls back to the default for a missing, corrupt or absurd file', async () => {
    expect(await loadWindowState(join(dir, 'none.json'))).toEqual(DEFAULT_WINDOW_STATE);
    await writeFile(join(dir, 'bad.json'), '{not json');
    expect(await loadWindowState(join(dir, 'bad.json'))).toEqual(DEFAULT_WINDOW_STATE);
    await writeFile(join(dir, 'tiny.json'), JSON.stringify({ width: 3, height: 2 }));
    expect(await loadWindowState(join(dir, 'tiny.json'))).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position that no display shows any more', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    const offscreen = { x: 3000, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(offscreen, displays)).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
    });
    const onscreen = { x: 100, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(onscreen, displays)).toEqual(onscreen);
  });
});
