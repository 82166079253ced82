import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../tinymodels/tokenizer/qwenTokenizer';
import { TokenTextStream } from './tokenTextStream';

const refuseSlowPath = {
  decode(): string {
    throw new Error('the byte-level path must not re-decode');
  },
};

describe('TokenTextStream', () => {
  it("keeps Qwen's grounding tokens in the text and skips the control tokens", () => {
    const { encode, special, tokenizerJson } = fixtureTokenizer();
    const ids = [
      ...encode('The nodule '),
      special['<|object_ref_start|>'],
      ...encode('nodule'),
      special['<|object_ref_end|>'],
      special['<|box_start|>'],
      ...encode('(120,340),(180,400)'),
      special['<|box_end|>'],
      ...encode(' is solid.'),
      special['<|im_end|>'],
      special['<|endoftext|>'],
    ];
    const stream = new TokenTextStream(tokenizerJson as Record<string, unknown>, refuseSlowPath);
    const text = ids.map((id) => stream.push(id)).join('') + stream.flush();
    expect(text).toBe(
      'The nodule <|object_ref_start|>nodule<|object_ref_end|><|box_start|>(120,340),(180,400)<|box_end|> is solid.',
    );
  });
});
