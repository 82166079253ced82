// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseRun, CaseView } from '../../../../electron/common/schemas/cases';

vi.mock('../../bridge/api', () => ({ api: {} }));
const { useAppStore } = await import('../../store/store');
const { CompareRuns } = await import('./CompareRuns');
const { TeachingView } = await import('./TeachingView');

// jsdom has no modal dialogs; the component only needs `open` to follow.
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
  this.open = false;
};

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

function run(
  id: string,
  letter: string,
  steps: string[],
  followUpOf: string | null = null,
): CaseRun {
  return {
    id,
    created: '2026-12-01T10:00:00.000Z',
    question: `Question ${id}`,
    options: { A: 'Ground-glass nodule', B: 'Solid nodule' },
    perspective: 'analytical',
    specialty: 'adult-medicine',
    routing: null,
    model: { kind: 'local', name: 'Demo', sha256: 'ab' },
    packVersions: [],
    steps: steps.map((text, i) => step(i + 1, text)),
    perspectives: [],
    consensus: null,
    guidelineChecks: [],
    answer: { letter, text: letter, source: 'tag' },
    answerText: letter,
    usage: { promptTokens: 1, completionTokens: 1 },
    timings: { loadMs: 1, timeToFirstTokenMs: 1, tokensPerSecond: 1, totalMs: 1 },
    imageIds: [],
    followUpOf,
  };
}

function caseView(runs: CaseRun[]): CaseView {
  return {
    case: {
      schema: 'mmx-case',
      version: 1,
      id: 'case-0001',
      title: 'Nodule',
      created: '2026-12-01T10:00:00.000Z',
      updated: '2026-12-01T10:00:00.000Z',
      notes: '',
      studyContext: null,
      images: [],
      originals: [],
      runs,
    },
    images: [],
  };
}

beforeEach(() => {
  useAppStore.setState({
    openCase: undefined,
    compare: undefined,
    teaching: undefined,
    followUp: false,
    autoSaveRuns: true,
    quizScore: { right: 0, asked: 0 },
  });
});
afterEach(cleanup);

describe('the cases slice', () => {
  it('saves to a new case, the open one, or as a follow-up of its latest run', () => {
    const state = useAppStore.getState();
    expect(state.saveTarget()).toEqual({ caseId: null });
    useAppStore.setState({ openCase: caseView([run('run-00001', 'A', ['x'])]) });
    expect(useAppStore.getState().saveTarget()).toEqual({ caseId: 'case-0001' });
    useAppStore.setState({ followUp: true });
    expect(useAppStore.getState().saveTarget()).toEqual({
      caseId: 'case-0001',
      followUpOf: 'run-00001',
    });
    useAppStore.setState({ autoSaveRuns: false });
    expect(useAppStore.getState().saveTarget()).toBeUndefined();
  });
});

describe('CompareRuns', () => {
  it('aligns the steps of two runs by number and highlights answers that differ', () => {
    useAppStore.setState({
      openCase: caseView([
        run('run-00001', 'A', ['One', 'Two', 'Three']),
        run('run-00002', 'B', ['Uno']),
      ]),
      compare: ['run-00001', 'run-00002'],
    });
    render(<CompareRuns />);
    const rows = screen.getByTestId('compare-table').querySelectorAll('tbody tr');
    expect([...rows].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual(
      [
        ['One', 'Uno'],
        ['Two', ''],
        ['Three', ''],
        ['A', 'B'],
      ],
    );
    expect(screen.getByTestId('compare-answers').className).toContain('differ');
    expect(screen.getByTestId('compare-answers').textContent).toContain('Answer (differs)');
  });

  it('does not highlight the same answer', () => {
    useAppStore.setState({
      openCase: caseView([run('run-00001', 'B', ['One']), run('run-00002', 'B', ['Uno'])]),
      compare: ['run-00001', 'run-00002'],
    });
    render(<CompareRuns />);
    expect(screen.getByTestId('compare-answers').className).not.toContain('differ');
  });
});

describe('TeachingView', () => {
  const press = (key: string) => act(() => void fireEvent.keyDown(window, { key }));

  it('reveals one step per key press, steps back, shows the answer on A and leaves on Escape', () => {
    useAppStore.setState({
      openCase: caseView([run('run-00001', 'B', ['One', 'Two'])]),
      teaching: { mode: 'present', runId: 'run-00001' },
    });
    render(<TeachingView />);
    const steps = () => screen.getByTestId('teaching-steps').querySelectorAll('li').length;
    expect(steps()).toBe(0);
    press('ArrowRight');
    press(' ');
    press(' ');
    expect(steps()).toBe(2);
    press('ArrowLeft');
    expect(steps()).toBe(1);
    expect(screen.queryByTestId('teaching-answer')).toBeNull();
    press('a');
    expect(screen.getByTestId('teaching-answer').textContent).toBe('Answer: B — Solid nodule');
    press('Escape');
    expect(useAppStore.getState().teaching).toBeUndefined();
  });

  it('in a quiz takes one pick, marks it against the answer and counts the score', () => {
    useAppStore.setState({
      openCase: caseView([run('run-00001', 'B', ['One', 'Two'])]),
      teaching: { mode: 'quiz', runId: 'run-00001' },
    });
    render(<TeachingView />);
    expect(screen.getByTestId('teaching-steps').querySelectorAll('li')).toHaveLength(0);
    press('b');
    press('a');
    expect(screen.getByTestId('teaching-steps').querySelectorAll('li')).toHaveLength(2);
    expect(screen.getByRole('button', { name: /Solid nodule/ }).className).toContain('correct');
    expect(screen.getByTestId('teaching-answer').textContent).toContain('your pick B is right');
    expect(useAppStore.getState().quizScore).toEqual({ right: 1, asked: 1 });
  });
});
