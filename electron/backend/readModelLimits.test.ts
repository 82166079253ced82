import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readModelLimits } from './readModelLimits';

const dirs: string[] = [];
const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'mmx-limits-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readModelLimits', () => {
  it("reads the context length and the image pixel bounds from the model's files", async () => {
    const dir = folder({
      'config.json': JSON.stringify({ text_config: { max_position_embeddings: 128000 } }),
      'preprocessor_config.json': JSON.stringify({ min_pixels: 3136, max_pixels: 200704 }),
    });
    expect(await readModelLimits(dir)).toEqual({
      contextLength: 128000,
      minPixels: 3136,
      maxPixels: 200704,
    });
  });

  it('takes the size block of newer preprocessor configs and leaves out what is missing or broken', async () => {
    const dir = folder({
      'config.json': '{ not json',
      'preprocessor_config.json': JSON.stringify({
        size: { shortest_edge: 3136, longest_edge: 12845056 },
      }),
    });
    expect(await readModelLimits(dir)).toEqual({ minPixels: 3136, maxPixels: 12845056 });
    expect(await readModelLimits(folder({}))).toEqual({});
  });
});
