// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AskEvent, AskResult } from '../../../../electron/common/schemas/ask';
import { AppError } from '../../../../electron/common/appError';

type Ask = (
  request: unknown,
  onEvent: (event: AskEvent) => void,
  signal?: AbortSignal,
) => Promise<AskResult>;
const askMock = vi.fn<Ask>();
vi.mock('../../bridge/api', () => ({
  api: { ask: (...args: Parameters<Ask>) => askMock(...args) },
}));

const { createAppStore } = await import('../../store/store');

const step = (index: number, text: string) => ({
  perspective: 'analytical' as const,
  index,
  label: String(index),
  text,
  citations: [],
  noGuidelineSupport: true,
  unknownCitations: [],
  unsupportedCitations: [],
});

const result = (cancelled: boolean): AskResult => ({
  steps: [step(1, 'First.'), step(2, 'Second.')],
  answer: { letter: null, text: 'Done', source: 'tag' },
  specialty: 'adult-medicine',
  consensus: null,
  perspectives: [
    {
      perspective: 'analytical',
      steps: [step(1, 'First.'), step(2, 'Second.')],
      answer: { letter: null, text: 'Done', source: 'tag' },
      unplaced: [],
    },
  ],
  unplaced: [],
  guidelineChecks: [],
  texts: [
    {
      perspective: 'analytical',
      text: '<think>1. First.\n2. Second.</think><answer>Done</answer>',
    },
  ],
  usage: { promptTokens: 10, completionTokens: 20 },
  timings: { loadMs: 1, timeToFirstTokenMs: 2, tokensPerSecond: 100, totalMs: 200 },
  cancelled,
  model: { id: 'demo', name: 'Demo — not a medical model', sha256: 'abc', demo: true },
  packVersions: [],
});

// Braces: a function returned from beforeEach would be run as a cleanup hook.
beforeEach(() => {
  askMock.mockReset();
});

describe('the reasoning slice', () => {
  it('builds the run from streamed events and then takes the final result', async () => {
    const store = createAppStore();
    askMock.mockImplementation(async (_request, onEvent) => {
      onEvent({ type: 'text', perspective: 'analytical', delta: '<think>1. First.\n' });
      onEvent({ type: 'step', step: step(1, 'First.') });
      return result(false);
    });
    store.getState().setQuestion('What is it?');
    await store.getState().ask([]);
    const run = store.getState().run!;
    expect(run.status).toBe('done');
    expect(run.question).toBe('What is it?');
    expect(run.perspectives).toHaveLength(1);
    expect(run.perspectives[0]!.steps.map((s) => s.text)).toEqual(['First.', 'Second.']);
    expect(run.perspectives[0]!.answer?.text).toBe('Done');
    expect(askMock.mock.calls[0]![0]).toMatchObject({
      question: 'What is it?',
      perspective: 'analytical',
      specialty: 'auto',
      maxNewTokens: 1024,
    });
  });

  it('shows how much of the model is loaded while it loads, and drops it once it generates', async () => {
    const store = createAppStore();
    const seen: Array<number | undefined> = [];
    askMock.mockImplementation(async (_request, onEvent) => {
      const message = 'Loading the model: session 2 of 3 (vision encoder) · 35 %';
      onEvent({ type: 'status', phase: 'loading', message, perspective: null, fraction: 0.35 });
      await new Promise((resolve) => setTimeout(resolve, 80));
      seen.push(store.getState().run?.loadFraction);
      onEvent({ type: 'status', phase: 'generating', message: 'Reasoning', perspective: null });
      await new Promise((resolve) => setTimeout(resolve, 80));
      seen.push(store.getState().run?.loadFraction);
      return result(false);
    });
    store.getState().setQuestion('What is it?');
    await store.getState().ask([]);
    expect(seen).toEqual([0.35, undefined]);
  });

  it('marks a stopped run as cancelled and keeps what arrived', async () => {
    const store = createAppStore();
    askMock.mockImplementation(
      (_request, onEvent, signal) =>
        new Promise((_resolve, reject) => {
          onEvent({ type: 'step', step: step(1, 'First.') });
          signal?.addEventListener('abort', () =>
            reject(new AppError({ code: 'cancelled', title: 'Stopped' })),
          );
        }),
    );
    store.getState().setQuestion('Q');
    const running = store.getState().ask([]);
    store.getState().stop();
    await running;
    const run = store.getState().run!;
    expect(run.status).toBe('cancelled');
    expect(run.error).toBeUndefined();
    expect(run.perspectives[0]!.steps.map((s) => s.text)).toEqual(['First.']);
  });

  it('shows a back-end error in place with its suggestion', async () => {
    const store = createAppStore();
    askMock.mockRejectedValue(
      new AppError({
        code: 'no-model',
        title: 'No model is installed',
        suggestion: 'Open Models…',
      }),
    );
    store.getState().setQuestion('Q');
    await store.getState().ask([]);
    expect(store.getState().run).toMatchObject({
      status: 'error',
      error: { title: 'No model is installed', suggestion: 'Open Models…' },
    });
  });

  it('sends only the multiple-choice options that were filled in', async () => {
    const store = createAppStore();
    askMock.mockResolvedValue(result(false));
    store.getState().setQuestion('Which Bosniak class?');
    store.getState().setChoice('A', ' I ');
    store.getState().setChoice('C', 'IIF');
    await store.getState().ask([]);
    expect(askMock.mock.calls[0]![0]).toMatchObject({ options: { A: 'I', C: 'IIF' } });
    expect(Object.keys((askMock.mock.calls[0]![0] as { options: object }).options)).toEqual([
      'A',
      'C',
    ]);
    // The run keeps them, so the answer line can show the chosen option's text.
    expect(store.getState().run?.options).toEqual({ A: 'I', C: 'IIF' });
    store.getState().setChoice('A', '');
    store.getState().setChoice('C', '');
    await store.getState().ask([]);
    expect((askMock.mock.calls[1]![0] as { options?: object }).options).toBeUndefined();
    expect(store.getState().run?.options).toBeUndefined();
  });

  it('refuses a seventh attachment and says so, keeping the six in the order they were sent', () => {
    const store = createAppStore();
    const frame = (i: number) => ({
      name: `frame-${i}`,
      width: 1,
      height: 1,
      rgb: new Uint8Array([i, i, i]),
    });
    for (let i = 1; i <= 7; i++) store.getState().attach(frame(i));
    expect(store.getState().attachments.map((a) => a.name)).toEqual([
      'frame-1',
      'frame-2',
      'frame-3',
      'frame-4',
      'frame-5',
      'frame-6',
    ]);
    expect(store.getState().attachNotice).toMatch(/6 images are attached.*remove one/);
    store.getState().detach(0);
    expect(store.getState().attachNotice).toBeUndefined();
    expect(store.getState().attachments[0]!.name).toBe('frame-2');
  });

  it('refuses the same pixels twice and names the image already attached', () => {
    const store = createAppStore();
    const image = (name: string, value: number) => ({
      name,
      width: 2,
      height: 1,
      rgb: new Uint8Array(6).fill(value),
    });
    store.getState().attach(image('a', 1));
    store.getState().attach(image('b', 2));
    store.getState().attach(image('b again', 2));
    expect(store.getState().attachments.map((a) => a.name)).toEqual(['a', 'b']);
    expect(store.getState().attachNotice).toMatch(/already attached as image 2/);
    store.getState().attach(image('c', 3));
    expect(store.getState().attachments).toHaveLength(3);
    expect(store.getState().attachNotice).toBeUndefined();
  });
});
