import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureModel } from '../tinymodels/buildFixtureModel';
import { ModelRuntime } from './ModelRuntime';
import type { LoadProgress } from './protocol';

let root: string;
let first: string;
let second: string;
const runtime = new ModelRuntime();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mmx-runtime-reuse-'));
  first = join(root, 'first');
  second = join(root, 'second');
  await buildFixtureModel(first, {
    kind: 'scripted',
    script: { rules: [{ image: 'any', text: 'first model' }] },
  });
  await buildFixtureModel(second, {
    kind: 'scripted',
    script: { rules: [{ image: 'any', text: 'second model' }] },
  });
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

const stagesOf = async (dir: string) => {
  const stages: LoadProgress['stage'][] = [];
  await runtime.load(dir, { onProgress: (p) => stages.push(p.stage) });
  return stages;
};
const answer = async () => (await runtime.generate({ question: 'Q', maxNewTokens: 32 })).text;

describe('loading a model folder', () => {
  it('reuses the loaded session when the same folder is asked for again', async () => {
    expect((await stagesOf(first)).length).toBeGreaterThan(1);
    const pid = runtime.workerPid;
    expect(await stagesOf(first)).toEqual(['ready']);
    expect(runtime.workerPid).toBe(pid);
    expect(await answer()).toBe('first model');
  });

  it('loads another folder in full, and the first one again after an unload', async () => {
    expect((await stagesOf(second)).length).toBeGreaterThan(1);
    expect(await answer()).toBe('second model');
    await runtime.unload();
    expect((await stagesOf(second)).length).toBeGreaterThan(1);
    expect(await answer()).toBe('second model');
  });
});
