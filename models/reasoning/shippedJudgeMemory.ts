import { CITATION_JUDGE_MEMORY } from './citationJudgeMemory';
import { createStepMemory, type StepMemory } from './stepMemory';

let memory: StepMemory | undefined;

/** The memory the shipped judge was fitted with, indexed on first use (a few tens of milliseconds). */
export function shippedJudgeMemory(): StepMemory {
  memory ??= createStepMemory(
    CITATION_JUDGE_MEMORY.map(([text, guidelines]) => ({
      text,
      guidelines: guidelines === '' ? [] : guidelines.split(' '),
    })),
  );
  return memory;
}
