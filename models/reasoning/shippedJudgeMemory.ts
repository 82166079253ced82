import { CITATION_JUDGE_MEMORY } from './citationJudgeMemory';
import { buildStepMemory, finishBuild, type StepMemory } from './stepMemory';

let memory: StepMemory | undefined;
let build: Generator<void, StepMemory> | undefined;
let warming: Promise<void> | undefined;

function builder(): Generator<void, StepMemory> {
  build ??= buildStepMemory(
    CITATION_JUDGE_MEMORY.map(([text, guidelines]) => ({
      text,
      guidelines: guidelines === '' ? [] : guidelines.split(' '),
    })),
  );
  return build;
}

/**
 * The memory the shipped judge was fitted with. Indexing its thirty thousand steps takes about
 * a second; called before warmShippedJudgeMemory has finished, this completes the build at once.
 */
export function shippedJudgeMemory(): StepMemory {
  memory ??= finishBuild(builder());
  return memory;
}

// How long one turn of the background build may hold the event loop.
const TURN_MS = 10;

/**
 * Builds the shipped memory in the background, a few milliseconds per event-loop turn, so the
 * first linked step of the first question does not wait for it (the app calls this at start).
 */
export function warmShippedJudgeMemory(): Promise<void> {
  warming ??= new Promise<void>((resolve) => {
    const turn = () => {
      const until = performance.now() + TURN_MS;
      while (!memory) {
        const next = builder().next();
        if (next.done) memory = next.value;
        else if (performance.now() >= until) return void setTimeout(turn, 0);
      }
      resolve();
    };
    setTimeout(turn, 0);
  });
  return warming;
}
