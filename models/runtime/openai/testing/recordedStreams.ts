import { chunk, usageChunk } from './startReplayServer';

/**
 * One answer as three kinds of server stream it. The text after folding is
 * the same in all three: `<think>\n…\n</think>\n<answer>…</answer>`.
 */
const reasoningPieces = [
  '1. A solid nodule of 7 mm in the right upper lobe',
  ' [fleischner-2017#solid-6-8mm].\n',
  '2. Smooth margins — low risk.',
];
const answerPieces = ['<answer>', '(B) CT at 6–12 months', '</answer>'];

export const expectedText = `<think>\n${reasoningPieces.join('')}\n</think>\n${answerPieces.join('')}`;

const opening = chunk({ role: 'assistant', content: '' });
const ending = [chunk({}, 'stop'), usageChunk(812, 41)];

export const recordedStreams = {
  /** Ollama, llama.cpp, LM Studio without a reasoning parser: the tags stay in the content. */
  inline: [
    opening,
    chunk({ content: '<think>\n' }),
    ...reasoningPieces.map((p) => chunk({ content: p })),
    chunk({ content: '\n</think>\n' }),
    ...answerPieces.map((p) => chunk({ content: p })),
    ...ending,
  ],
  /** DeepSeek's API and vLLM before 0.9 (`--reasoning-parser`): reasoning_content, content null meanwhile. */
  reasoningContent: [
    opening,
    ...reasoningPieces.map((p) => chunk({ reasoning_content: p, content: null })),
    ...answerPieces.map((p) => chunk({ content: p, reasoning_content: null })),
    ...ending,
  ],
  /** vLLM 0.9 and later: `reasoning` (some releases also repeat it as reasoning_content). */
  reasoning: [
    opening,
    chunk({ reasoning: reasoningPieces[0], reasoning_content: reasoningPieces[0] }),
    ...reasoningPieces.slice(1).map((p) => chunk({ reasoning: p })),
    ...answerPieces.map((p) => chunk({ content: p })),
    ...ending,
  ],
  /** A mix: one server switching fields mid-answer. */
  mixed: [
    opening,
    chunk({ reasoning_content: reasoningPieces[0] }),
    chunk({ reasoning: reasoningPieces[1] }),
    chunk({ reasoning_content: reasoningPieces[2] }),
    ...answerPieces.map((p) => chunk({ content: p })),
    ...ending,
  ],
};
