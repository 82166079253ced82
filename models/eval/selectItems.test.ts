import { describe, expect, it } from 'vitest';
import { selectItems } from './selectItems';

const ids = Array.from({ length: 50 }, (_, i) => `Q${i}`);

describe('selectItems', () => {
  it('keeps file order and takes the first N with --limit', () => {
    expect(selectItems(ids, { limit: 3 })).toEqual(['Q0', 'Q1', 'Q2']);
    expect(selectItems(ids)).toEqual(ids);
  });

  it('gives the same order for the same seed and another for another seed', () => {
    const a = selectItems(ids, { shuffle: 7 });
    expect(selectItems(ids, { shuffle: 7 })).toEqual(a);
    expect(selectItems(ids, { shuffle: 8 })).not.toEqual(a);
    expect([...a].sort()).toEqual([...ids].sort());
    expect(a).not.toEqual(ids);
  });

  it('limits after shuffling, so --limit N --shuffle S is a random sample of N', () => {
    expect(selectItems(ids, { shuffle: 7, limit: 5 })).toEqual(
      selectItems(ids, { shuffle: 7 }).slice(0, 5),
    );
  });

  it('does not change its input', () => {
    const copy = [...ids];
    selectItems(ids, { shuffle: 1 });
    expect(ids).toEqual(copy);
  });
});
