import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { describeReceivedImages, describeReceivedPrompts } from './describeReceived';
import { planReasoning } from './runReasoning';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';

describe('describeReceived', () => {
  it('writes each prompt as text with a numbered marker where each image sits', () => {
    const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
    const images = [{ bytes: new Uint8Array([1]) }, { bytes: new Uint8Array([2]) }];
    const plan = planReasoning(packs, {
      question: 'Is the 7 mm nodule worth a follow-up CT?',
      images,
      routing: {},
      perspective: 'all',
    });
    const prompts = describeReceivedPrompts(
      plan.perspectives.map((perspective) => ({
        perspective,
        messages: plan.messages(perspective),
      })),
    );
    expect(prompts.map((p) => p.perspective)).toEqual(plan.perspectives);
    const [system, user] = prompts[0]!.messages;
    expect(system!.role).toBe('system');
    expect(system!.text).toContain('<think>');
    expect(user!.role).toBe('user');
    expect(user!.text).toContain('Is the 7 mm nodule worth a follow-up CT?');
    expect(user!.text.indexOf('<image 1>')).toBeLessThan(user!.text.indexOf('<image 2>'));
    expect(user!.text).not.toContain('<image 3>');
  });

  it('reads the size of PNG bytes and RGB pixels, and leaves other sources without one', () => {
    const png = new PNG({ width: 37, height: 21 });
    const bytes = new Uint8Array(PNG.sync.write(png));
    const sizes = describeReceivedImages([
      { bytes },
      { rgb: { width: 5, height: 4, data: new Uint8Array(60) } },
      { bytes: new Uint8Array([0xff, 0xd8, 0xff]) },
    ]);
    expect(sizes).toEqual([
      { index: 1, width: 37, height: 21 },
      { index: 2, width: 5, height: 4 },
      { index: 3 },
    ]);
  });
});
