import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CITATION_JUDGE_MEMORY } from './citationJudgeMemory';
import { createStepMemory, nearestSteps } from './stepMemory';

// Each test gets the module afresh, so each starts with the memory unbuilt.
const freshModule = () => import('./shippedJudgeMemory');
beforeEach(() => vi.resetModules());

describe('the shipped judge memory', () => {
  it('is built in the background without holding the event loop, to the same index', async () => {
    const { shippedJudgeMemory, warmShippedJudgeMemory } = await freshModule();
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    await warmShippedJudgeMemory();
    done = true;
    // Thirty thousand steps in ~10 ms turns: other work ran between many of them.
    expect(turns).toBeGreaterThan(20);
    const warmed = shippedJudgeMemory();
    expect(shippedJudgeMemory()).toBe(warmed);
    const direct = createStepMemory(
      CITATION_JUDGE_MEMORY.map(([text, guidelines]) => ({
        text,
        guidelines: guidelines === '' ? [] : guidelines.split(' '),
      })),
    );
    expect(warmed.vectors).toEqual(direct.vectors);
    expect(warmed.idf).toEqual(direct.idf);
    expect(warmed.postings.size).toBe(direct.postings.size);
    for (const text of ['The solid component is 7 mm.', 'So the answer is C.'])
      expect(nearestSteps(warmed, text)).toEqual(nearestSteps(direct, text));
  });

  it('finishes at once when a step needs it while the background build is under way', async () => {
    const { shippedJudgeMemory, warmShippedJudgeMemory } = await freshModule();
    const warming = warmShippedJudgeMemory();
    await new Promise((resolve) => setImmediate(resolve));
    const memory = shippedJudgeMemory();
    expect(memory.steps).toHaveLength(CITATION_JUDGE_MEMORY.length);
    await warming;
    expect(shippedJudgeMemory()).toBe(memory);
    // A second warm-up is the same promise, already settled.
    expect(warmShippedJudgeMemory()).toBe(warming);
  });
});
