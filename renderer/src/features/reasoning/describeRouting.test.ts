import { describe, expect, it } from 'vitest';
import { routeSpecialty } from '../../../../models/reasoning/routeSpecialty';
import { describeRouting } from './describeRouting';

describe('describeRouting', () => {
  it('names only the signals that decided, not one that points at another specialty', () => {
    // The reported case: "Adult medicine — study description mentions 'brain' → brain-senses".
    const routing = {
      specialty: 'adult-medicine',
      reasons: [
        'study description mentions "brain" → brain-senses',
        'body part CHEST → adult-medicine',
        'question mentions "nodule", "lung" → adult-medicine',
      ],
      overridden: false,
      scores: { 'adult-medicine': 6, 'brain-senses': 2, pediatrics: 0, 'oncology-surgery': 0 },
    };
    const view = describeRouting(routing);
    expect(view.line).toBe(
      'Adult medicine — body part CHEST; question mentions "nodule", "lung" (weight 6 against 2 for Brain and senses)',
    );
    expect(view.line).not.toContain('brain');
    expect(view.line).not.toContain('adult-medicine');
  });

  it('shows every reason behind the disclosure in words, titles instead of slugs', () => {
    const view = describeRouting(
      routeSpecialty({ modality: 'CT', bodyPart: 'CHEST', question: 'Is the brain normal?' }),
    );
    expect(view.reasons).toContain('body part CHEST → Adult medicine');
    expect(view.reasons).toContain('question mentions "brain" → Brain and senses');
    expect(view.reasons.join(' ')).not.toMatch(/adult-medicine|brain-senses/);
  });

  it('says when no signal decided and the default was used', () => {
    const view = describeRouting(routeSpecialty({ question: 'What is this?' }));
    expect(view.line).toBe('Adult medicine — no specialty-specific signal (default)');
    expect(view.note).toBeUndefined();
  });

  it('prefers the router summary and note when it gives them', () => {
    const view = describeRouting({
      specialty: 'pediatrics',
      reasons: ['chosen by the user: pediatrics (automatic choice was adult-medicine)'],
      overridden: true,
      scores: { 'adult-medicine': 2 },
      summary: 'Pediatrics — your choice',
      note: 'The patient is 60 years old: pediatric guidelines may not apply.',
    });
    expect(view.line).toBe('Pediatrics — your choice');
    expect(view.note).toBe('The patient is 60 years old: pediatric guidelines may not apply.');
  });

  it('shows the router’s line and note for a manual specialty that the study contradicts', () => {
    const view = describeRouting(
      routeSpecialty({ bodyPart: 'CHEST', question: 'Nodule?', override: 'pediatrics' }),
    );
    expect(view.title).toBe('Pediatrics');
    expect(view.line).toBe(
      'Pediatrics — chosen by hand (the study suggests Adult medicine: body part CHEST; question mentions "nodule")',
    );
    expect(view.note).toBe(
      'Pediatrics was chosen by hand; the study points to Adult medicine (body part CHEST).',
    );
  });

  it('notes a manual specialty that the study contradicts when the router gives no note (a run saved before routing had notes)', () => {
    const {
      summary: _summary,
      note: _note,
      ...old
    } = routeSpecialty({
      bodyPart: 'CHEST',
      question: 'Nodule?',
      override: 'pediatrics',
    });
    const view = describeRouting(old);
    expect(view.line).toBe('Pediatrics — your choice');
    expect(view.note).toBe(
      'You chose Pediatrics, but the automatic routing points to Adult medicine (body part CHEST; question mentions "nodule"). Check that the guidelines fit the patient.',
    );
  });

  it('gives no note for a manual choice the study does not contradict', () => {
    const view = describeRouting(
      routeSpecialty({ question: 'What is this?', override: 'pediatrics' }),
    );
    expect(view.line).toMatch(/^Pediatrics — chosen by hand/);
    expect(view.note).toBeUndefined();
  });
});
