import { describe, expect, it } from 'vitest';
import { parseExpertLines } from './parseExpertLines';

describe('parseExpertLines', () => {
  it('reads one specialty=model per line, skipping blank lines and spaces around =', () => {
    expect(parseExpertLines('pediatrics=peds-lora\n\n  oncology-surgery = onc \n')).toEqual({
      pediatrics: 'peds-lora',
      'oncology-surgery': 'onc',
    });
  });

  it('names the first line that is not specialty=model', () => {
    expect(parseExpertLines('pediatrics=peds\njust-a-model')).toBe(
      'Line 2 should read specialty=model, e.g. pediatrics=peds-lora.',
    );
  });
});
