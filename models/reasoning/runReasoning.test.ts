import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { loadMessage, planReasoning } from './runReasoning';

const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
const plan = (question: string, routing = {}) =>
  planReasoning(packs, { question, images: [], routing, perspective: 'analytical' });

describe('planReasoning', () => {
  it('routes by the study and searches only the specialty’s packs', () => {
    const brain = plan('Is there an acute infarct?', { studyDescription: 'BRAIN', modality: 'MR' });
    expect(brain.routing.specialty).toBe('brain-senses');
    const linked = brain.link(
      'Early ischaemic change in the insular ribbon lowers the ASPECTS score.',
    );
    expect(linked.citations.length).toBeGreaterThan(0);
    expect(linked.citations.every((c) => c.source === 'linker' && c.guideline === 'aspects')).toBe(
      true,
    );
  });

  it('confirms a real passage the model cites from another specialty instead of calling it unknown', () => {
    const brain = plan('Is there an acute infarct?', { studyDescription: 'BRAIN' });
    const linked = brain.link(
      'An incidental 7 mm lung nodule is followed up [fleischner-2017#solid-6-8mm].',
    );
    expect(linked.unknownCitations).toEqual([]);
    expect(linked.citations[0]).toMatchObject({
      guideline: 'fleischner-2017',
      passage: 'solid-6-8mm',
      source: 'model',
    });
    expect(linked.citations[0]?.score).toBeGreaterThan(0.15);
  });

  it('flags an id that no pack contains', () => {
    const linked = plan('Q').link(
      'As the guideline says [fleischner-2017#solid-9-99mm] and [made-up#x].',
    );
    expect(linked.unknownCitations).toEqual(['fleischner-2017#solid-9-99mm', 'made-up#x']);
    expect(linked.citations.some((c) => c.source === 'model')).toBe(false);
  });

  it('asks each of the four perspectives for "all"', () => {
    const all = planReasoning(packs, {
      question: 'Q',
      images: [],
      routing: {},
      perspective: 'all',
    });
    expect(all.perspectives).toEqual(['differential', 'intuitive', 'analytical', 'bayesian']);
    const [system, user] = all.messages('bayesian');
    expect(system?.role).toBe('system');
    expect(JSON.stringify(user?.content)).toMatch(/pre-test/i);
  });
});

describe('loadMessage', () => {
  it('counts the sessions loaded and the share of the model', () => {
    expect(loadMessage('vision_encoder', 0.2)).toBe(
      'Loading the model: session 2 of 3 (vision encoder) · 20 %',
    );
    expect(loadMessage('decoder_model_merged', 0.45)).toMatch(/session 3 of 3 \(decoder\) · 45 %/);
    expect(loadMessage('tokenizer', 0.05)).toBe('Loading the model: tokenizer · 5 %');
    expect(loadMessage('ready', 1)).toBe('Model loaded');
  });
});
