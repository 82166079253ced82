// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caseViewSchema } from '../../../../electron/common/schemas/cases';
import { printCase } from './printCase';

const sha = 'a'.repeat(64);
const now = '2026-12-01T12:00:00.000Z';
const view = caseViewSchema.parse({
  case: {
    schema: 'mmx-case',
    version: 1,
    id: 'case-0001',
    title: 'Chest',
    created: now,
    updated: now,
    notes: '',
    studyContext: null,
    images: [
      { sha256: sha, name: 'image 1', mediaType: 'image/png', size: 10, width: 200, height: 100 },
    ],
    originals: [],
    runs: [
      {
        id: 'run-00001',
        created: now,
        question: 'Where?',
        perspective: 'analytical',
        specialty: 'adult-medicine',
        model: { kind: 'local', name: 'tiny', sha256: 'b'.repeat(64) },
        steps: [
          {
            perspective: 'analytical',
            index: 1,
            text: 'An opacity.',
            citations: [],
            regions: [
              {
                label: 'opacity',
                image: 1,
                frame: 0,
                box: [80, 20, 110, 45],
                imageBox: [50, 10, 150, 60],
              },
              {
                label: 'tip',
                image: 1,
                frame: 0,
                box: [5, 6, 5, 6],
                point: [5, 6],
                imageBox: [20, 30, 20, 30],
              },
            ],
          },
        ],
        answer: null,
        answerText: 'An opacity.',
        usage: { promptTokens: 1, completionTokens: 1 },
        timings: { loadMs: 0, timeToFirstTokenMs: 0, tokensPerSecond: 0, totalMs: 0 },
        imageIds: [sha],
      },
    ],
  },
  images: [{ sha256: sha, pngBase64: 'iVBORw0KGgo=' }],
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('printCase', () => {
  it("puts each step's boxes over the printed image in percent of the image as sent, and says where they are", () => {
    let printed: HTMLElement | null = null;
    vi.spyOn(window, 'print').mockImplementation(() => {
      printed = document.getElementById('print-root')?.cloneNode(true) as HTMLElement;
    });
    printCase(view);
    const root = printed as unknown as HTMLElement;
    const box = root.querySelector<HTMLElement>('.print-figure .print-box')!;
    expect(box.textContent).toBe('opacity');
    expect([box.style.left, box.style.top, box.style.width, box.style.height]).toEqual([
      '25%',
      '10%',
      '50%',
      '50%',
    ]);
    const point = root.querySelector<HTMLElement>('.print-figure .print-point')!;
    expect([point.style.left, point.style.top]).toEqual(['10%', '30%']);
    expect(root.querySelector('.print-steps li')!.textContent).toContain(
      'Located: opacity (image 1, x 80–110, y 20–45 px); tip (image 1, x 5, y 6 px)',
    );
  });
});
