import { beforeAll, describe, expect, it } from 'vitest';
import type { GuidelinePack } from '../guidelines/guidelineSchema';
import { createGuidelineIndex } from '../guidelines/guidelineIndex';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import type { InferenceRuntime } from '../runtime/InferenceRuntime';
import type { GenerateResult } from '../runtime/protocol';
import { planReasoning, runReasoning, type ReasoningEvent } from './runReasoning';
import { createStepContext, recordStep } from './stepContext';
import { CITATION_JUDGE } from './citationJudgeWeights';
import { linkStep } from './linkCitations';

let packs: GuidelinePack[];
beforeAll(() => {
  packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
});

const GENERIC = 'What does this image show, and what should be done next?';
const NODULE_CHAIN = [
  'Chest CT: a solid 7 mm nodule in the right upper lobe of a 60-year-old smoker.',
  'Fleischner: a 6–8 mm solid nodule in a high-risk patient gets CT at 6–12 months, then at 18–24 months.',
  'Troponin negative ×2, so the chest pain is likely musculoskeletal.',
];

const planFor = (question: string) =>
  planReasoning(packs, {
    question,
    images: [],
    // No DICOM: the question names no topic, so only the steps say what the chain is about.
    routing: {},
    perspective: 'differential',
  });

describe('recordStep', () => {
  it('keeps each guideline’s best support, counts the steps it clearly led, and what steps named', () => {
    const index = createGuidelineIndex(packs);
    const context = createStepContext();
    const first = index.search('solid 7 mm nodule, CT at 6 to 12 months', { limit: 4 });
    const second = index.search('perisplenic haematoma', { limit: 4 });
    recordStep(context, first, new Set(['fleischner-2017']));
    recordStep(context, [], new Set());
    recordStep(context, second, new Set());
    expect(context.steps).toBe(3);
    expect(first[0]?.guideline.id).toBe('fleischner-2017');
    expect(context.led.get('fleischner-2017')).toBe(1);
    expect(context.support.get('fleischner-2017')).toBe(
      Math.max(...first.filter((h) => h.guideline.id === 'fleischner-2017').map((h) => h.support)),
    );
    expect(context.named).toEqual(new Set(['fleischner-2017']));
    expect(context.ledSteps).toBe(
      [first, second].filter((hits) => (hits[0]?.support ?? 0) >= 0.3).length,
    );
  });
});

describe('the chain’s earlier steps', () => {
  it('keep a troponin remark in a lung-nodule chain from being cited to the HEART score', () => {
    const plan = planFor(GENERIC);
    const context = createStepContext();
    const linked = NODULE_CHAIN.map((step) => plan.link(step, context));
    expect(linked[1]?.citations[0]?.guideline).toBe('fleischner-2017');
    expect(linked[2]?.citations).toEqual([]);
    expect(linked[2]?.noGuidelineSupport).toBe(true);
  });

  it('make the judge surer of a kidney grade when the chain has been about the kidney', () => {
    const plan = planFor('Which grade fits?');
    const step = 'Depth over 1 cm without collecting system injury is grade III.';
    const context = createStepContext();
    for (const earlier of [
      'Kidney: a perirenal haematoma confined to Gerota fascia.',
      'The cortical laceration is 1.5 cm deep with no urine leak.',
    ])
      plan.link(earlier, context);
    // Alone the judge may find it too unsure to cite: read its probability whatever the threshold.
    if (!CITATION_JUDGE) throw new Error('no shipped judge');
    const judge = { ...CITATION_JUDGE, threshold: 0 };
    const alone = linkStep(plan.index, step, { ...plan.linkOptions, judge }).citations[0];
    const inChain = plan.link(step, context).citations[0];
    expect(alone?.guideline).toBe('aast-kidney-injury-2018');
    expect(inChain?.guideline).toBe('aast-kidney-injury-2018');
    expect(inChain?.confidence ?? 0).toBeGreaterThan(alone?.confidence ?? 1);
  });
});

/** A backend that answers every request with one fixed text, a few characters per event. */
function replayRuntime(text: string): InferenceRuntime {
  return {
    load: async () => undefined,
    async generate(_request, options) {
      for (let i = 0; i < text.length; i += 7)
        options?.onEvent?.({ type: 'text', text: text.slice(i, i + 7) });
      const result: GenerateResult = {
        text,
        tokenIds: [],
        finishReason: 'eos',
        cancelled: false,
        imageCount: 0,
        usage: { promptTokens: 0, completionTokens: 0 },
        timings: { loadMs: 0, timeToFirstTokenMs: 0, tokensPerSecond: 0, totalMs: 0 },
        peakRssBytes: 0,
      };
      return result;
    },
    unload: async () => undefined,
    dispose: async () => undefined,
  };
}

describe('runReasoning', () => {
  it('streams each step with the citations the finished run gives it (one chain per perspective)', async () => {
    const text = `<think>\n${NODULE_CHAIN.map((s, i) => `${i + 1}. ${s}`).join('\n')}\n</think>\n`;
    const plan = planReasoning(packs, {
      question: GENERIC,
      images: [],
      routing: {},
      perspective: 'all',
    });
    const events: ReasoningEvent[] = [];
    const run = await runReasoning(
      replayRuntime(text),
      plan,
      { modelDir: 'unused' },
      { onEvent: (e) => events.push(e) },
    );
    const streamed = events.flatMap((e) =>
      e.type === 'step' ? [{ perspective: e.step.perspective, citations: e.step.citations }] : [],
    );
    expect(streamed).toHaveLength(4 * NODULE_CHAIN.length);
    expect(streamed).toEqual(
      run.steps.map((s) => ({ perspective: s.perspective, citations: s.citations })),
    );
    // Every perspective starts its own chain: the troponin line is read in its nodule chain each time.
    expect(run.steps.filter((s) => s.text.startsWith('Troponin')).map((s) => s.citations)).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });
});
